"""iam/users-password-last-used (CloudSploit iam/usersPasswordLastUsed) against moto."""

from __future__ import annotations

import pytest

from tests.conftest import Suite
from tests.controls.unused_scenarios import access_key, arn, user

CONTROL = "iam/test_users_password_last_used.py"
CASE = "test_users_password_last_used[prod]"


def test_passwords_used_within_the_limit_pass(suite: Suite) -> None:
    user(suite, "alice", created=400, password_used=179.9)
    user(suite, "bob", created=179.9)  # never used, set within the limit

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users with a console password"] == "2"
    assert decided["Setting users_password_last_used_fail"] == "180 (default)"


@pytest.mark.parametrize("used", [180.1, 181])
def test_password_unused_past_the_limit_fails(suite: Suite, used: float) -> None:
    user(suite, "alice", created=400, password_used=used)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('alice')}: console password last used on" in run.output
    assert "the limit is 180 days" in run.output


def test_password_never_used_counts_from_when_it_was_set(suite: Suite) -> None:
    user(suite, "alice", created=181)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('alice')}: console password never used since it was set on" in run.output


def test_access_keys_and_users_without_password_are_out_of_scope(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=400, used=300)
    user(suite, "alice", created=400, password_used=60)  # CIS 2.11 fails this at 45 days

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Users with a console password"] == "1"


def test_setting_changes_the_limit(suite: Suite) -> None:
    user(suite, "alice", created=400, password_used=100)

    run = suite.run("--set", "users_password_last_used_fail=90", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the limit is 90 days" in run.output


def test_user_on_the_second_page_of_list_users_is_read(suite: Suite) -> None:
    for number in range(100):  # ListUsers pages at 100 users
        user(suite, f"u{number:03d}", created=10, password=False)
    user(suite, "zz-last", created=400, password_used=200)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('zz-last')}: console password last used on" in run.output
    calls = [c["action"] for c in run.evidence()[CASE]["api_calls"]]
    assert calls.count("iam:ListUsers") == 2


@pytest.mark.parametrize("action", ["iam:GetLoginProfile", "iam:ListUsers"])
def test_denied_live_read_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    user(suite, "alice", created=400, password_used=10)
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
