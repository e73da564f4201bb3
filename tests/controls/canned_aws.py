"""A real ``AccountData`` over canned AWS answers, for responses moto never sends.

moto always returns the fields AWS always returns, so a response that lacks one (the case
where a fixture must report "cannot assess" rather than read "none") can only be shown with
canned answers. The data layer is the real one: paged calls are checked against botocore's
own result keys, exactly as against AWS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import botocore.session
import jmespath
from botocore import xform_name
from botocore.exceptions import ClientError

from fixtures.aws.data import AccountData

AUDITOR = "arn:aws:iam::123456789012:user/audit"


class CannedAws:
    """Canned answers by (botocore service, operation): one response for a call, the pages
    for a paged call. ``data()`` is the AccountData that reads them."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.config = type("Config", (), {"home_region": "us-east-1"})()

    def answer(self, service: str, operation: str, *pages: dict[str, Any]) -> CannedAws:
        """What ``service`` answers to ``operation`` (every page of it, when paged)."""
        self.answers[(service, operation)] = list(pages)
        return self

    def data(self) -> AccountData:
        """An AccountData whose every request is answered from the canned answers."""
        return AccountData(self, AUDITOR, 1)  # type: ignore[arg-type]

    def client(self, service: str, region: str) -> Any:
        """What AccountData asks its session for."""
        return _Client(self, service)

    def _pages(self, service: str, operation: str) -> list[dict[str, Any]]:
        if (service, operation) not in self.answers:
            raise AssertionError(f"no canned answer for {service} {operation}")
        return self.answers[(service, operation)]


class _Client:
    def __init__(self, canned: CannedAws, service: str) -> None:
        self.canned = canned
        self.service = service
        model = botocore.session.get_session().get_service_model(service)
        self.operations = {xform_name(name): name for name in model.operation_names}

    def __getattr__(self, method: str) -> Callable[..., dict[str, Any]]:
        operation = self.operations[method]
        return lambda **_: self.canned._pages(self.service, operation)[0]

    def get_paginator(self, method: str) -> _Paginator:
        operation = self.operations[method]
        config = botocore.session.get_session().get_paginator_model(self.service)
        keys = config.get_paginator(operation)["result_key"]
        keys = keys if isinstance(keys, list) else [keys]
        return _Paginator(self.canned._pages(self.service, operation), keys)


class _Paginator:
    def __init__(self, pages: list[dict[str, Any]], keys: list[str]) -> None:
        self.pages = pages
        self.result_keys = [jmespath.compile(key) for key in keys]

    def paginate(self, **_: Any) -> _Paginator:
        return self

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.pages)


class CannedByParams(CannedAws):
    """Canned answers that also depend on the request's parameters (a qualifier, a name),
    or that are AWS errors: for calls asked once per resource with different parameters."""

    def __init__(self) -> None:
        super().__init__()
        self.by_params: dict[tuple[str, str], list[tuple[dict[str, Any], Any]]] = {}

    def answer_when(
        self, service: str, operation: str, params: dict[str, Any], response: dict[str, Any] | str
    ) -> CannedByParams:
        """What ``service`` answers to ``operation`` asked with (at least) ``params``: a
        response, or an AWS error code (a string) raised as botocore's ClientError."""
        self.by_params.setdefault((service, operation), []).append((params, response))
        return self

    def client(self, service: str, region: str) -> Any:
        """What AccountData asks its session for."""
        return _ParamsClient(self, service)

    def respond(self, service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """The answer for these parameters; the plain canned answer when none is set."""
        for wanted, response in self.by_params.get((service, operation), []):
            if all(params.get(name) == value for name, value in wanted.items()):
                if isinstance(response, str):
                    error = {"Error": {"Code": response, "Message": "canned"}}
                    raise ClientError(error, operation)
                answer: dict[str, Any] = response
                return answer
        return self._pages(service, operation)[0]


class _ParamsClient(_Client):
    canned: CannedByParams

    def __getattr__(self, method: str) -> Callable[..., dict[str, Any]]:
        operation = self.operations[method]
        return lambda **params: self.canned.respond(self.service, operation, params)
