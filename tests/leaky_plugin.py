"""A plugin the secrets test loads into the suite (``-p tests.leaky_plugin``) to make it
meet its secrets where they hurt: after the accounts are resolved, the STS client of the
account ``prod`` (ambient credentials), and of ``staging`` (an assumed role) in the password
policy control, fails a request after signing it (a fixture error whose traceback runs
through botocore's send path, whose frames hold the signed request and the credentials), and the
account ``staging``'s iam:GenerateCredentialReport fails inside botocore with a message
quoting the endpoint URL (a one-line "could not assess")."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.plugin import RUN
from fixtures.run.targets import target_of


def _boom(request: Any, **_: Any) -> None:
    raise RuntimeError(f"injected at {request.url}")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Break staging's credential report request (before prefetch reads it)."""
    run = config.stash.get(RUN, None)
    for account in run.accounts if run else ():
        if account.config.name == "staging":
            iam = account.session.client("iam")
            iam.meta.events.register("before-send.iam.GenerateCredentialReport", _boom)


@pytest.fixture(autouse=True)
def leaky_call(request: pytest.FixtureRequest) -> None:
    """An error in setup, raised from deep inside botocore."""
    target = target_of(request.node)
    if target is not None and (
        target.account.config.name == "prod" or "password_policy" in request.node.name
    ):
        sts = target.account.session.client("sts")
        sts.meta.events.register("before-send.sts.GetCallerIdentity", _boom)
        try:
            sts.get_caller_identity()
        finally:
            sts.meta.events.unregister("before-send.sts.GetCallerIdentity", _boom)
