"""iam/user-not-in-use (CloudSploit iam/iamUserNotInUse) against moto."""

from __future__ import annotations

import pytest

from tests.conftest import Suite
from tests.controls.unused_scenarios import access_key, arn, user

CONTROL = "iam/test_user_not_in_use.py"
CASE = "test_user_not_in_use[prod]"


def test_users_used_within_the_limit_pass(suite: Suite) -> None:
    user(suite, "alice", created=400, password_used=89.9)
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=400, used=89.9, active=False)  # a use is a use
    user(suite, "newbie", created=89.9, password=False)  # never used, created lately

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["IAM users checked"] == "3"
    assert decided["Setting iam_user_account_not_in_use_days"] == "90 (default)"


@pytest.mark.parametrize("used", [90.1, 91])
def test_user_unused_past_the_limit_fails_naming_its_last_use(suite: Suite, used: float) -> None:
    user(suite, "alice", created=400, password_used=used)
    key = access_key(suite, "alice", created=400, used=used + 50)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('alice')}: last used (password) on" in run.output
    assert key not in run.output
    assert "the limit is 90 days" in run.output


def test_most_recent_use_of_any_credential_counts(suite: Suite) -> None:
    user(suite, "alice", created=400, password_used=300)
    access_key(suite, "alice", created=400, used=10)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_user_never_used_counts_from_its_creation(suite: Suite) -> None:
    user(suite, "ghost", created=91, password=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('ghost')}: never used since it was created on" in run.output


def test_setting_changes_the_limit(suite: Suite) -> None:
    user(suite, "alice", created=400, password_used=100)

    run = suite.run("--set", "iam_user_account_not_in_use_days=120", control=CONTROL)

    run.result.assert_outcomes(passed=1)


@pytest.mark.parametrize("action", ["iam:ListUsers", "iam:GetAccessKeyLastUsed"])
def test_denied_live_read_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    user(suite, "alice", created=400, password_used=10)
    access_key(suite, "alice", created=400, used=10)
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
