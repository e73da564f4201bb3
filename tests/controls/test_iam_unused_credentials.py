"""iam/unused-credentials (CIS 2.11) against moto.

The IAM API cannot backdate anything, so the tests age moto's own user and access-key
objects (creation and last-use dates) after creating them through the API; moto's
credential report then shows those dates, as AWS's would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from moto.iam.models import AccessKeyLastUsed, iam_backends

from fixtures.demo.moto.iam import RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_unused_credentials.py"
CASE = "test_unused_credentials[prod]"


def days_ago(days: int) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=days)


def arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:user/{name}"


def moto_user(name: str) -> Any:
    return iam_backends[ACCOUNT_ID]["aws"].users[name]


def user(
    suite: Suite, name: str, created: int, password_used: int | None = None, password: bool = True
) -> None:
    """A user created ``created`` days ago, with a console password last used ``password_used``
    days ago (None: never)."""
    iam = suite.client("iam")
    iam.create_user(UserName=name)
    if password:
        iam.create_login_profile(UserName=name, Password="Correct-horse-battery-9")
    moto_user(name).create_date = days_ago(created)  # also moto's password_last_changed
    if password_used is not None:
        moto_user(name).password_last_used = days_ago(password_used)


def access_key(
    suite: Suite, name: str, created: int, used: int | None = None, active: bool = True
) -> None:
    """An access key of ``name`` created ``created`` days ago, last used ``used`` days ago."""
    iam = suite.client("iam")
    key_id = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
    if not active:
        iam.update_access_key(UserName=name, AccessKeyId=key_id, Status="Inactive")
    key = moto_user(name).access_keys[-1]
    key.create_date = days_ago(created)
    key.last_used = (
        AccessKeyLastUsed(days_ago(used), "iam", "us-east-1") if used is not None else None
    )


def test_recently_used_credentials_pass(suite: Suite) -> None:
    user(suite, "alice", created=400, password_used=2)
    access_key(suite, "alice", created=300, used=44)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Console passwords and active access keys checked"] == "2"
    assert "(this check)" in decided["Ages measured from"]


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert (
        run.evidence()[CASE]["decided_by"]["Console passwords and active access keys checked"]
        == "0"
    )


def test_password_unused_for_the_limit_fails_with_its_date(suite: Suite) -> None:
    user(suite, "alice", created=400, password_used=45)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (f"{arn('alice')}: console password last used on {days_ago(45).date()}") in run.output
    assert "45 days before this check; the limit is 45 days" in run.output


def test_password_never_used_counts_from_when_it_was_set(suite: Suite) -> None:
    user(suite, "old", created=50)
    user(suite, "new", created=10)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('old')}: console password never used since it was set on" in run.output
    assert "50 days before this check" in run.output
    assert "user/new" not in run.output


def test_active_key_unused_fails_and_never_used_key_counts_from_creation(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=400, used=60)
    access_key(suite, "robot", created=46)
    first, second = (key.access_key_id for key in moto_user("robot").access_keys)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn('robot')}: active access key {first} last used on" in run.output
    assert "60 days before this check" in run.output
    assert f"{arn('robot')}: active access key {second} never used since it was set on" in (
        run.output
    )
    assert "46 days before this check" in run.output


def test_recently_created_key_never_used_passes(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=44)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_inactive_keys_do_not_count(suite: Suite) -> None:
    user(suite, "robot", created=400, password=False)
    access_key(suite, "robot", created=400, used=300, active=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert (
        run.evidence()[CASE]["decided_by"]["Console passwords and active access keys checked"]
        == "0"
    )


def test_root_credentials_are_out_of_scope(suite: Suite) -> None:
    long_ago = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
    set_root_account(ACCOUNT_ID, RootAccount(created=long_ago, password_last_used=long_ago))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_setting_changes_the_limit(suite: Suite) -> None:
    user(suite, "alice", created=400, password_used=50)
    suite.write_settings(unused_credentials_days=60)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Setting unused_credentials_days"] == (
        f"60 ({suite.settings_file})"
    )


@pytest.mark.parametrize("action", ["iam:GenerateCredentialReport", "iam:GetCredentialReport"])
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
