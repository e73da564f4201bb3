"""iam/access-keys-last-used (CloudSploit iam/accessKeysLastUsed) against moto."""

from __future__ import annotations

import pytest

from tests.conftest import Suite
from tests.controls.unused_scenarios import access_key, arn, user

CONTROL = "iam/test_access_keys_last_used.py"
CASE = "test_access_keys_last_used[prod]"


def test_keys_used_within_the_limit_pass(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=400, used=179.9)
    access_key(suite, "robot", created=179.9)  # never used, created within the limit

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Active access keys checked"] == "2"
    assert decided["Setting access_keys_last_used_fail"] == "180 (default)"


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Active access keys checked"] == "0"


@pytest.mark.parametrize("used", [180.1, 181])
def test_key_unused_past_the_limit_fails(suite: Suite, used: float) -> None:
    user(suite, "robot", created=400, password=False)
    key = access_key(suite, "robot", created=400, used=used)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('robot')}: active access key {key} last used on" in run.output
    assert "the limit is 180 days" in run.output


def test_key_never_used_counts_from_its_creation(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    key = access_key(suite, "robot", created=181)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('robot')}: active access key {key} never used since it was created" in (
        run.output
    )


def test_passwords_and_inactive_keys_are_out_of_scope(suite: Suite) -> None:
    # CIS 2.11 fails these at 45 days; this requirement is about active access keys only.
    user(suite, "alice", created=400, password_used=300)
    access_key(suite, "alice", created=400, used=300, active=False)
    user(suite, "bob", created=400, password=False)
    access_key(suite, "bob", created=400, used=60)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_setting_changes_the_limit(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=400, used=100)

    run = suite.run("--set", "access_keys_last_used_fail=90", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the limit is 90 days" in run.output


@pytest.mark.parametrize("action", ["iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"])
def test_denied_live_read_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=400, used=10)
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
