"""iam/user-accounts-not-in-daily-use against moto.

The IAM API cannot set last-use dates, so the tests set them on moto's own user and
access-key objects; moto's credential report then shows them, as AWS's would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from moto.iam.models import AccessKeyLastUsed, iam_backends

from fixtures.demo.moto.iam import RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_user_accounts_not_in_daily_use.py"
CASE = "test_user_accounts_not_in_daily_use[prod]"


def days_ago(days: int) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=days)


def moto_user(name: str) -> Any:
    return iam_backends[ACCOUNT_ID]["aws"].users[name]


def console_user(suite: Suite, name: str, used: int | None) -> None:
    """A user whose console password was last used ``used`` days ago (None: never)."""
    iam = suite.client("iam")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password="Correct-horse-battery-9")
    if used is not None:
        moto_user(name).password_last_used = days_ago(used)


def key_user(suite: Suite, name: str, used: int, active: bool = True) -> None:
    """A user whose only access key was last used ``used`` days ago."""
    iam = suite.client("iam")
    iam.create_user(UserName=name)
    key_id = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
    if not active:
        iam.update_access_key(UserName=name, AccessKeyId=key_id, Status="Inactive")
    moto_user(name).access_keys[0].last_used = AccessKeyLastUsed(days_ago(used), "iam", "us-east-1")


def test_users_not_used_lately_pass(suite: Suite) -> None:
    console_user(suite, "breakglass", used=None)
    console_user(suite, "alice", used=16)
    key_user(suite, "robot", used=20)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users used within the setting's days"] == "0"
    assert decided["Setting iam_user_in_use_days"] == "15 (default)"


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert (
        run.evidence()[CASE]["decided_by"]["IAM users (iam:GetAccountAuthorizationDetails)"] == "0"
    )


def test_recent_password_and_key_use_fail_naming_user_and_dates(suite: Suite) -> None:
    console_user(suite, "alice", used=1)
    key_user(suite, "robot", used=14)
    key_id = moto_user("robot").access_keys[0].access_key_id

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:user/alice: used within 15 days before this check:"
        f" password last used {days_ago(1).date()}"
    ) in run.output
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:user/robot: used within 15 days before this check:"
        f" access key {key_id} last used {days_ago(14).date()}"
    ) in run.output


def test_recent_use_of_a_now_inactive_key_still_fails(suite: Suite) -> None:
    key_user(suite, "robot", used=3, active=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "user/robot: used within 15 days" in run.output


def test_root_use_is_left_to_the_root_control(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=days_ago(900), password_last_used=days_ago(1)))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_setting_widens_the_window(suite: Suite) -> None:
    console_user(suite, "alice", used=20)
    suite.write_settings(iam_user_in_use_days=30)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "user/alice: used within 30 days" in run.output


@pytest.mark.parametrize("action", ["iam:GenerateCredentialReport", "iam:GetCredentialReport"])
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
