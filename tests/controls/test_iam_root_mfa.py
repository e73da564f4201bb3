"""iam/root-mfa (CIS 2.5) against moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from moto.iam.models import AccountSummary, iam_backends

from fixtures.demo.moto.iam import (
    GENERATED_AT,
    RootAccessKey,
    RootAccount,
    RootSigningCertificate,
    set_root_account,
)
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
    assert decided["AccountMFAEnabled (iam:GetAccountSummary, live)"] == "1"
    assert decided["Decided by"] == "iam:GetAccountSummary AccountMFAEnabled=1 (live)"


def test_root_without_mfa_fails(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=False))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROOT_ARN}: MFA is not enabled (iam:GetAccountSummary AccountMFAEnabled=0;"
        " credential report mfa_active=false) and the root user can sign in"
        " (AccountPasswordPresent=1, AccountAccessKeysPresent=0,"
        " AccountSigningCertificatesPresent=0)"
    ) in run.output
    assert run.verdicts() == {CASE: "violation"}


def test_mfa_enabled_after_the_report_passes_showing_both(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 6 A: root MFA enabled 1 h ago; the report (2 h old) still says mfa_active=false.
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=False))
    summary_says_mfa(monkeypatch, 1)
    iam_backends[ACCOUNT_ID]["aws"].generate_report()
    two_hours_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    setattr(iam_backends[ACCOUNT_ID]["aws"], GENERATED_AT, two_hours_ago)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["AccountMFAEnabled (iam:GetAccountSummary, live)"] == "1"
    assert decided["Root mfa_active (credential report)"] == "false"
    assert decided["Decided by"] == (
        "iam:GetAccountSummary AccountMFAEnabled=1 (live); the credential report is older"
        " and says false"
    )
    assert run.verdicts() == {CASE: "compliant"}


def test_mfa_removed_after_the_report_fails(suite: Suite, monkeypatch: pytest.MonkeyPatch) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    summary_says_mfa(monkeypatch, 0)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROOT_ARN}: MFA is not enabled (iam:GetAccountSummary AccountMFAEnabled=0;"
        " credential report mfa_active=true)"
    ) in run.output


def test_root_without_any_credential_passes_saying_why(suite: Suite) -> None:
    # issue 6 E: what centralized root access leaves in a member account.
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_present=False))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Root credentials (iam:GetAccountSummary, live)"] == (
        "AccountPasswordPresent=0, AccountAccessKeysPresent=0, AccountSigningCertificatesPresent=0"
    )
    assert (
        "nobody can sign in as root: there is no sign-in for MFA to protect"
        in (decided["Decided by"])
    )


@pytest.mark.parametrize(
    "root",
    [
        RootAccount(created=CREATED, password_present=True),
        RootAccount(
            created=CREATED,
            password_present=False,
            key_1=RootAccessKey(active=False, last_rotated=CREATED),
        ),
        RootAccount(
            created=CREATED,
            password_present=False,
            cert_2=RootSigningCertificate(active=False, last_rotated=CREATED),
        ),
    ],
    ids=["password", "inactive-access-key", "inactive-certificate"],
)
def test_root_with_any_one_credential_and_no_mfa_fails(suite: Suite, root: RootAccount) -> None:
    set_root_account(ACCOUNT_ID, root)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "and the root user can sign in" in run.output


def test_summary_without_account_password_present_cannot_be_assessed(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_present=False))
    with_root = AccountSummary.__dict__["summary_map"].fget

    def summary_map(self: Any) -> dict[str, Any]:
        summary = dict(with_root(self))
        del summary["AccountPasswordPresent"]
        return summary

    monkeypatch.setattr(AccountSummary, "summary_map", property(summary_map))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "iam:GetAccountSummary returned no AccountPasswordPresent" in run.output


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
