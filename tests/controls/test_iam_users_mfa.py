"""iam/users-mfa (CIS 2.10) against moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from moto.iam.models import IAMBackend, iam_backends

from fixtures.demo.moto.iam import GENERATED_AT
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
    assert decided["IAM users (iam:GetAccountAuthorizationDetails)"] == "0"
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


@pytest.mark.parametrize(
    "action",
    [
        "iam:GenerateCredentialReport",
        "iam:GetCredentialReport",
        "iam:GetLoginProfile",
        "iam:ListMFADevices",
        "iam:ListUsers",
    ],
)
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    console_user(suite, "alice", mfa=True)
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


def test_password_set_after_the_report_without_mfa_fails(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # issue 6 A: late-console, created 30 days ago; the report (1 h old) says
    # password_enabled=false; a console password was set 30 minutes ago; no MFA device.
    suite.client("iam").create_user(UserName="late-console")
    user: Any = iam_backends[ACCOUNT_ID]["aws"].users["late-console"]
    user.create_date = datetime.now(UTC) - timedelta(days=30)
    backend = iam_backends[ACCOUNT_ID]["aws"]
    backend.generate_report()
    frozen = backend.get_credential_report()
    setattr(backend, GENERATED_AT, datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1))
    monkeypatch.setattr(IAMBackend, "get_credential_report", lambda self: frozen)
    suite.client("iam").create_login_profile(
        UserName="late-console", Password="Correct-horse-battery-9"
    )
    assert ",false," in frozen.splitlines()[1]  # password_enabled=false in the snapshot

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    arn = f"arn:aws:iam::{ACCOUNT_ID}:user/late-console"
    assert f"{arn}: console password enabled without MFA" in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users with a console password"] == "1"
    assert decided["Report differs from the live state (the live state decided)"] == (
        f"{arn}: console password: report false, live true (iam:GetLoginProfile)"
    )
    assert run.verdicts() == {CASE: "violation"}


def test_mfa_removed_after_the_report_fails(suite: Suite, monkeypatch: pytest.MonkeyPatch) -> None:
    console_user(suite, "alice", mfa=True)
    backend = iam_backends[ACCOUNT_ID]["aws"]
    backend.generate_report()
    frozen = backend.get_credential_report()  # says mfa_active=true
    monkeypatch.setattr(IAMBackend, "get_credential_report", lambda self: frozen)
    iam = suite.client("iam")
    (device,) = iam.list_mfa_devices(UserName="alice")["MFADevices"]
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=device["SerialNumber"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "user/alice: console password enabled without MFA" in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert (
        "MFA: report true, live false (iam:ListMFADevices)"
        in decided["Report differs from the live state (the live state decided)"]
    )


def test_password_removed_after_the_report_passes(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    console_user(suite, "alice", mfa=False)
    backend = iam_backends[ACCOUNT_ID]["aws"]
    backend.generate_report()
    frozen = backend.get_credential_report()  # says password_enabled=true
    monkeypatch.setattr(IAMBackend, "get_credential_report", lambda self: frozen)
    suite.client("iam").delete_login_profile(UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users with a console password"] == "0"


def test_user_created_after_the_report_is_judged_on_its_live_state(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    console_user(suite, "alice", mfa=True)
    console_user(suite, "newbie", mfa=False)
    # AWS reuses a report for up to four hours: one from before newbie existed.
    report_rows(
        monkeypatch, lambda lines: [line for line in lines if not line.startswith("newbie,")]
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    newbie = f"arn:aws:iam::{ACCOUNT_ID}:user/newbie"
    assert f"{newbie}: console password enabled without MFA" in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users without a report row (created after it; live state only)"] == newbie


def test_each_live_read_is_made_once(suite: Suite) -> None:
    console_user(suite, "alice", mfa=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    calls = [c["action"] for c in run.evidence()[CASE]["api_calls"]]
    for action in ("iam:GetLoginProfile", "iam:ListMFADevices", "iam:ListAccessKeys"):
        assert calls.count(action) == 1


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
