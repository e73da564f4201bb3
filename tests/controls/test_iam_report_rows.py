"""Every control that judges IAM users decides on their live state, whatever the report says.

AWS hands out the same credential report for up to four hours. It can predate a user, or
hold the row of a deleted user whose name a new user now has. The live reads (login
profile, access keys, MFA devices) see every current user, so such a user is judged on
its live state, and the evidence names it; a row that belongs to no current user is never
read as anyone's.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from moto.iam.models import IAMBackend

from tests.conftest import ACCOUNT_ID, Suite

USER_CONTROLS = [
    "iam/test_access_key_rotation.py",
    "iam/test_access_keys_rotated.py",
    "iam/test_centralized_user_management.py",
    "iam/test_single_active_access_key.py",
    "iam/test_unused_credentials.py",
    "iam/test_user_accounts_not_in_daily_use.py",
    "iam/test_users_mfa.py",
    "iam/test_users_password_and_keys.py",
]
NEWBIE = f"arn:aws:iam::{ACCOUNT_ID}:user/newbie"
NO_ROW = "Users without a report row (created after it; live state only)"


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


def evidence_of(suite: Suite, control: str) -> dict[str, str]:
    run = suite.run(control=control)
    outcomes = run.result.parseoutcomes()
    assert "error" not in outcomes, run.output
    assert "errors" not in outcomes, run.output
    (record,) = run.evidence().values()
    decided: dict[str, str] = record["decided_by"]
    return decided


@pytest.mark.parametrize("control", USER_CONTROLS)
def test_user_created_after_the_report_is_judged_live(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, control: str
) -> None:
    two_users(suite)
    report_rows(monkeypatch, lambda row: "" if row.startswith("newbie,") else row)

    decided = evidence_of(suite, control)

    assert decided[NO_ROW] == NEWBIE


@pytest.mark.parametrize("control", USER_CONTROLS)
def test_row_of_an_earlier_user_of_the_same_name_is_not_read_as_the_new_users(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, control: str
) -> None:
    two_users(suite)

    def earlier_newbie(row: str) -> str:
        if not row.startswith("newbie,"):
            return row
        fields = row.split(",")
        fields[2] = "2020-01-02T03:04:05+00:00"  # user_creation_time of a deleted namesake
        fields[3] = "false"  # the namesake had no password
        return ",".join(fields)

    report_rows(monkeypatch, earlier_newbie)

    decided = evidence_of(suite, control)

    assert decided[NO_ROW] == NEWBIE
    assert decided["Report rows of users deleted since, not judged"] == NEWBIE
