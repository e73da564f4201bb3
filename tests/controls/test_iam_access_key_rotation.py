"""iam/access-key-rotation (CIS 2.12, rotated within 90 days) against moto.

The IAM API cannot backdate a key, so the tests age moto's own access-key objects after
creating them through the API; moto's credential report then shows the older date.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from moto.iam.models import iam_backends

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_access_key_rotation.py"
CASE = "test_access_key_rotation[prod]"


def days_ago(days: float) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=days)


def access_key(suite: Suite, name: str, age: float, active: bool = True) -> datetime:
    """A key of user ``name`` (created if needed) rotated ``age`` days ago."""
    iam = suite.client("iam")
    if name not in iam_backends[ACCOUNT_ID]["aws"].users:
        iam.create_user(UserName=name)
    key_id = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
    if not active:
        iam.update_access_key(UserName=name, AccessKeyId=key_id, Status="Inactive")
    key: Any = iam_backends[ACCOUNT_ID]["aws"].users[name].access_keys[-1]
    created = days_ago(age)
    key.create_date = created
    return created


def test_recent_keys_pass(suite: Suite) -> None:
    access_key(suite, "robot", age=10)
    access_key(suite, "robot", age=89.5)  # within "every 90 days or less"

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Active access keys"] == "2"


def test_no_keys_pass_with_evidence(suite: Suite) -> None:
    suite.client("iam").create_user(UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Active access keys"] == "0"


def test_old_active_key_fails_naming_user_slot_and_date(suite: Suite) -> None:
    access_key(suite, "robot", age=10)
    young = iam_backends[ACCOUNT_ID]["aws"].users["robot"].access_keys[-1].access_key_id
    rotated = access_key(suite, "robot", age=91)
    old = iam_backends[ACCOUNT_ID]["aws"].users["robot"].access_keys[-1].access_key_id

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:user/robot: active access key {old} created"
        f" {rotated.isoformat()}, 91 days before this check; the limit is 90 days"
    ) in run.output
    assert young not in run.output


def test_key_a_day_within_the_limit_passes(suite: Suite) -> None:
    access_key(suite, "robot", age=89)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_key_within_cloudsploit_limit_still_fails(suite: Suite) -> None:
    # One framework id, one requirement: CloudSploit's 180 days is iam/access-keys-rotated.
    access_key(suite, "robot", age=120)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "120 days before this check; the limit is 90 days" in run.output


def test_key_half_a_day_past_the_limit_fails(suite: Suite) -> None:
    access_key(suite, "robot", age=90.5)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "90 days 12 h before this check; the limit is 90 days" in run.output


def test_old_inactive_key_passes(suite: Suite) -> None:
    access_key(suite, "robot", age=400, active=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_setting_changes_the_limit(suite: Suite) -> None:
    access_key(suite, "robot", age=100)
    suite.write_settings(access_key_max_age_days=120)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_stricter_setting_fails_younger_keys(suite: Suite) -> None:
    access_key(suite, "robot", age=31)

    run = suite.run("--set", "access_key_max_age_days=30", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "31 days before this check; the limit is 30 days" in run.output


@pytest.mark.parametrize("action", ["iam:GenerateCredentialReport", "iam:GetCredentialReport"])
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
