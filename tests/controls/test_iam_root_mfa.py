"""iam/root-mfa (CIS 2.5) against moto."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from moto.iam.models import AccountSummary

from fixtures.moto_extensions import RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_root_mfa.py"
CASE = "test_root_mfa[prod]"
CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ROOT_ARN = f"arn:aws:iam::{ACCOUNT_ID}:root"


def summary_says_mfa(monkeypatch: pytest.MonkeyPatch, enabled: int) -> None:
    """Make GetAccountSummary disagree with the credential report: moto (with our extension)
    derives both from one RootAccount, and AWS's two sources can lag each other."""
    with_root = AccountSummary.__dict__["summary_map"].fget

    def summary_map(self: Any) -> dict[str, Any]:
        return {**with_root(self), "AccountMFAEnabled": enabled}

    monkeypatch.setattr(AccountSummary, "summary_map", property(summary_map))


def test_root_with_mfa_passes(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Root mfa_active (credential report)"] == "true"
    assert decided["AccountMFAEnabled (iam:GetAccountSummary)"] == "1"


def test_root_without_mfa_fails(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=False))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROOT_ARN}: MFA is not enabled (credential report mfa_active=false,"
        " iam:GetAccountSummary AccountMFAEnabled=0)"
    ) in run.output
    assert run.verdicts() == {CASE: "violation"}


@pytest.mark.parametrize(("in_report", "in_summary"), [(True, 0), (False, 1)])
def test_sources_that_disagree_fail_saying_so(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, in_report: bool, in_summary: int
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=in_report))
    summary_says_mfa(monkeypatch, in_summary)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROOT_ARN}: the sources disagree, so root MFA is not confirmed" in run.output
    assert (
        f"credential report mfa_active={str(in_report).lower()}, iam:GetAccountSummary"
        f" AccountMFAEnabled={in_summary}"
    ) in run.output


def test_missing_root_row_is_an_error(suite: Suite) -> None:
    # plain moto: its credential report has no <root_account> row
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "iam/root-mfa could not be assessed" in run.output
    assert "has no '<root_account>' row" in run.output


@pytest.mark.parametrize(
    "action",
    ["iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:GetAccountSummary"],
)
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
