"""Every paginated answer in two pages: a test harness on botocore's events.

A read that follows only the first page of a list sees all of a small account's items
(moto, like AWS, answers a short list in one page), so a reader that drops the second
page passes every test run on few items. ``PageSplitter`` makes every last page a first
page: on ``after-call`` it moves the second half of each list the operation pages
(``n // 2`` items stay on page 1; so a single item goes to page 2 and a reader of page 1
only sees nothing) into a stored second page, and answers a synthetic next token; when
the reader asks for that token, ``before-call`` answers the stored page without a request.
Answers that already have a next token (AWS's or moto's own paging) are left alone.

Which operations page, and by which tokens, is botocore's paginator model; the reads the
suite pages by hand where boto3 has no paginator are ``HAND_PAGED``.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any

import botocore.session

from tests.botocore_hooks import FakeHttp

PREFIX = "page-splitter-"


@dataclass(frozen=True)
class Paging:
    """How one operation pages: the request's token parameters, the answer's token and
    "more" members, and the lists it pages (JMESPath-like dotted paths)."""

    input_tokens: tuple[str, ...]
    output_tokens: tuple[str, ...]
    more_results: str | None
    result_keys: tuple[str, ...]


# Reads the suite pages by hand (fixtures/aws/*), for which botocore has no paginator.
HAND_PAGED = {
    ("events", "ListEventBuses"): Paging(("NextToken",), ("NextToken",), None, ("EventBuses",)),
    ("s3control", "ListAccessPoints"): Paging(
        ("NextToken",), ("NextToken",), None, ("AccessPointList",)
    ),
}

_CORE = botocore.session.get_session()


def _names(value: str | list[str]) -> tuple[str, ...]:
    # "NextMarker || Contents[-1].Key": the first member is the one AWS answers
    return tuple(v.split("||")[0].strip() for v in ([value] if isinstance(value, str) else value))


def paging_of(service: str, operation: str) -> Paging | None:
    """How ``service``'s ``operation`` pages, or None when it does not."""
    if (service, operation) in HAND_PAGED:
        return HAND_PAGED[service, operation]
    try:
        config = _CORE.get_paginator_model(service).get_paginator(operation)
    except Exception:  # no paginator model for the service, or none for the operation
        return None
    keys = config.get("result_key", [])
    return Paging(
        _names(config["input_token"]),
        _names(config["output_token"]),
        config.get("more_results"),
        _names(keys),
    )


def _get(data: Any, path: str) -> Any:
    for name in path.split("."):
        if not isinstance(data, dict) or name not in data:
            return None
        data = data[name]
    return data


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for name in parents:
        data = data.setdefault(name, {})
    data[last] = value


class PageSplitter:
    """botocore handlers that split every paginated answer in two (see the module).

    ``split`` counts the answers split per (service, operation); ``items`` the most items
    one split answer held, so a test can tell an operation split on an empty list."""

    def __init__(self) -> None:
        self.split: Counter[tuple[str, str]] = Counter()
        self.items: Counter[tuple[str, str]] = Counter()
        self._pending: dict[str, dict[str, Any]] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def handlers(self) -> list[tuple[str, Any]]:
        """(event, handler) pairs for ``tests.botocore_hooks.hooked``."""
        return [
            ("before-parameter-build", self.note_token),
            ("before-call", self.second_page),
            ("after-call.*.*", self.first_page),
        ]

    def note_token(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        tokens = [v for v in params.values() if isinstance(v, str) and v.startswith(PREFIX)]
        if tokens:
            context["page_splitter_token"] = tokens[0]

    def second_page(
        self, context: dict[str, Any], **_: Any
    ) -> tuple[FakeHttp, dict[str, Any]] | None:
        token = context.get("page_splitter_token")
        if token is None:
            return None
        with self._lock:
            page = self._pending.pop(token)
        return FakeHttp(200), page

    def first_page(
        self,
        http_response: Any,
        parsed: dict[str, Any],
        model: Any,
        context: dict[str, Any],
        **_: Any,
    ) -> None:
        if "page_splitter_token" in context or http_response.status_code >= 300:
            return
        key = (model.service_model.service_name, model.name)
        paging = paging_of(*key)
        if paging is None or any(_get(parsed, t) for t in paging.output_tokens):
            return
        rest = copy.deepcopy(parsed)
        count = 0
        for path in paging.result_keys:
            items = _get(parsed, path)
            if isinstance(items, list):
                count += len(items)
                _set(parsed, path, items[: len(items) // 2])
                _set(rest, path, items[len(items) // 2 :])
        if paging.more_results:
            _set(parsed, paging.more_results, True)
            _set(rest, paging.more_results, False)
        token = f"{PREFIX}{next(self._numbers)}"
        for path in paging.output_tokens:
            _set(parsed, path, token)
        with self._lock:
            self._pending[token] = rest
            self.split[key] += 1
            self.items[key] = max(self.items[key], count)
