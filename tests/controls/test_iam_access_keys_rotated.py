"""iam/access-keys-rotated (CloudSploit iam/accessKeysRotated) against moto."""

from __future__ import annotations

import pytest

from tests.conftest import Suite
from tests.controls.unused_scenarios import access_key, arn, user

CONTROL = "iam/test_access_keys_rotated.py"
CASE = "test_access_keys_rotated[prod]"


@pytest.mark.parametrize("created", [179, 179.9])
def test_keys_created_within_the_limit_pass(suite: Suite, created: float) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=created)
    access_key(suite, "robot", created=10)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Active access keys"] == "2"
    assert decided["Older than the limit"] == "0"
    assert decided["Setting access_keys_rotated_fail"] == "180 (default)"


def test_no_keys_pass_with_evidence(suite: Suite) -> None:
    user(suite, "alice", created=400)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Active access keys"] == "0"


@pytest.mark.parametrize(("created", "age"), [(180.1, "180 days 2 h"), (181, "181 days")])
def test_key_older_than_the_limit_fails(suite: Suite, created: float, age: str) -> None:
    user(suite, "robot", created=400, password=False)
    old = access_key(suite, "robot", created=created)
    young = access_key(suite, "robot", created=10)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('robot')}: active access key {old} created" in run.output
    assert f"{age} before this check; the limit is 180 days" in run.output
    assert young not in run.output


def test_key_past_cis_period_but_within_the_limit_passes(suite: Suite) -> None:
    # One framework id, one requirement: CIS 2.12's 90 days is iam/access-key-rotation.
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=120)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_old_inactive_key_passes(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=400, active=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_setting_changes_the_limit_and_the_text(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=100)

    run = suite.run("--set", "access_keys_rotated_fail=90", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the limit is 90 days" in run.output
    record = run.evidence()[CASE]
    assert "created more than 90 days ago" in record["description"]
    assert "older than 90 days" in record["recommended_action"]


@pytest.mark.parametrize("action", ["iam:ListAccessKeys", "iam:GetCredentialReport"])
def test_denied_read_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=10)
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
