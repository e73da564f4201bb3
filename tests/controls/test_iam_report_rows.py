"""Every control that judges IAM users from the credential report sees every current user.

AWS hands out the same credential report for up to four hours. It can predate a user, or
hold the row of a deleted user whose name a new user now has; either way the control
cannot assess that user and must say so, never pass.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from moto.iam.models import IAMBackend

from tests.conftest import Suite

USER_CONTROLS = [
    "iam/test_access_key_rotation.py",
    "iam/test_centralized_user_management.py",
    "iam/test_single_active_access_key.py",
    "iam/test_unused_credentials.py",
    "iam/test_user_accounts_not_in_daily_use.py",
    "iam/test_users_mfa.py",
    "iam/test_users_password_and_keys.py",
]


def report_rows(monkeypatch: pytest.MonkeyPatch, change: Callable[[str], str]) -> None:
    """moto's credential report with each user row passed through ``change``."""
    original = IAMBackend.get_credential_report

    def changed(self: IAMBackend) -> str:
        header, *rows = original(self).splitlines()
        return "\n".join([header, *map(change, rows)]) + "\n"

    monkeypatch.setattr(IAMBackend, "get_credential_report", changed)


def two_users(suite: Suite) -> None:
    iam = suite.client("iam")
    for name in ("alice", "newbie"):
        iam.create_user(UserName=name)
        iam.create_login_profile(UserName=name, Password="Correct-horse-battery-9")


@pytest.mark.parametrize("control", USER_CONTROLS)
def test_user_created_after_the_report_cannot_be_assessed(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, control: str
) -> None:
    two_users(suite)
    report_rows(monkeypatch, lambda row: "" if row.startswith("newbie,") else row)

    run = suite.run(control=control)

    run.result.assert_outcomes(errors=1)
    assert "has no row for 1 current user(s) (arn:aws:iam::" in run.output


@pytest.mark.parametrize("control", USER_CONTROLS)
def test_row_of_an_earlier_user_of_the_same_name_cannot_be_assessed(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, control: str
) -> None:
    two_users(suite)

    def earlier_newbie(row: str) -> str:
        if not row.startswith("newbie,"):
            return row
        fields = row.split(",")
        fields[2] = "2020-01-02T03:04:05+00:00"  # user_creation_time of a deleted namesake
        return ",".join(fields)

    report_rows(monkeypatch, earlier_newbie)

    run = suite.run(control=control)

    run.result.assert_outcomes(errors=1)
    assert "user/newbie, created" in run.output
