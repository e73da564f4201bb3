"""iam/users-mfa (CIS 2.10) against moto."""

from __future__ import annotations

from typing import Any

import pytest
from moto.iam.models import IAMBackend, iam_backends

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_users_mfa.py"
CASE = "test_users_mfa[prod]"


def console_user(suite: Suite, name: str, mfa: bool) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password="Correct-horse-battery-9")
    if mfa:
        enable_mfa(suite, name)


def enable_mfa(suite: Suite, name: str) -> None:
    iam = suite.client("iam")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{name}-phone")[
        "VirtualMFADevice"
    ]["SerialNumber"]
    iam.enable_mfa_device(
        UserName=name,
        SerialNumber=serial,
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )


def test_console_users_with_mfa_pass(suite: Suite) -> None:
    console_user(suite, "alice", mfa=True)
    suite.client("iam").create_user(UserName="robot")  # no password: no console, no MFA needed

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users with a console password"] == "1"
    assert decided["Of them without MFA"] == "0"


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["IAM users in the credential report"] == "0"
    assert decided["Users with a console password"] == "0"


def test_console_users_without_mfa_fail_naming_each(suite: Suite) -> None:
    console_user(suite, "alice", mfa=True)
    console_user(suite, "bob", mfa=False)
    console_user(suite, "carol", mfa=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "2 violation(s)" in run.output
    for name in ("bob", "carol"):
        assert (
            f"arn:aws:iam::{ACCOUNT_ID}:user/{name}: console password enabled without MFA"
            " (password last used never)"
        ) in run.output
    assert "user/alice" not in run.output


def test_user_row_without_a_password_flag_is_an_error(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    console_user(suite, "alice", mfa=False)
    original = IAMBackend.get_credential_report

    def unflagged(self: Any) -> str:
        # A value AWS documents only for the root row: guessing true or false is not safe.
        report: str = original(self)
        return report.replace(",true,no_information,", ",not_supported,no_information,")

    monkeypatch.setattr(IAMBackend, "get_credential_report", unflagged)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "user/alice has user_creation_time=" in run.output
    assert "password_enabled='not_supported'" in run.output


@pytest.mark.parametrize("action", ["iam:GenerateCredentialReport", "iam:GetCredentialReport"])
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output


def report_rows(monkeypatch: pytest.MonkeyPatch, change: Any) -> None:
    """moto's credential report, its CSV lines passed through ``change`` (header first)."""
    original = IAMBackend.get_credential_report

    def changed(self: IAMBackend) -> str:
        return "\n".join(change(original(self).splitlines())) + "\n"

    monkeypatch.setattr(IAMBackend, "get_credential_report", changed)


def test_user_created_after_the_report_cannot_be_assessed(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    console_user(suite, "alice", mfa=True)
    console_user(suite, "newbie", mfa=False)
    # AWS reuses a report for up to four hours: one from before newbie existed.
    report_rows(
        monkeypatch, lambda lines: [line for line in lines if not line.startswith("newbie,")]
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"has no row for 1 current user(s) (arn:aws:iam::{ACCOUNT_ID}:user/newbie" in run.output
    assert "run again later" in run.output


def test_row_of_a_user_deleted_since_the_report_is_not_judged(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    console_user(suite, "alice", mfa=True)
    console_user(suite, "leaver", mfa=False)
    backend = iam_backends[ACCOUNT_ID]["aws"]
    backend.generate_report()
    before_leaving = backend.get_credential_report()  # the report AWS keeps reusing
    suite.client("iam").delete_login_profile(UserName="leaver")
    suite.client("iam").delete_user(UserName="leaver")
    monkeypatch.setattr(IAMBackend, "get_credential_report", lambda self: before_leaving)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Report rows of users deleted since, not judged"] == (
        f"arn:aws:iam::{ACCOUNT_ID}:user/leaver"
    )
