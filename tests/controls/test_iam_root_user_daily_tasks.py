"""iam/root-user-daily-tasks (CIS 2.7) against moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fixtures.demo.moto.iam import RootAccessKey, RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_root_user_daily_tasks.py"
CASE = "test_root_user_daily_tasks[prod]"
CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ROOT_ARN = f"arn:aws:iam::{ACCOUNT_ID}:root"


def hours_ago(hours: float) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(hours=hours)


def test_root_never_used_passes_with_evidence(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Root password last used (credential report only)"] == "never"
    assert decided["Root access key 1 last used (credential report only)"] == "never"
    assert decided["Root access key 2 last used (credential report only)"] == "never"
    assert decided["Setting root_daily_use_days"] == "1 (default)"


@pytest.mark.parametrize("hours", [1, 23])
def test_password_used_within_a_day_fails_with_its_date(suite: Suite, hours: float) -> None:
    used = hours_ago(hours)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_last_used=used))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROOT_ARN}: password last used {used.isoformat()}, 0 days {hours} h before this"
        " check; the root user is in daily use when used within 1 day(s)"
    ) in run.output


def test_recent_use_of_an_inactive_key_fails(suite: Suite) -> None:
    used = hours_ago(2)
    key = RootAccessKey(active=False, last_rotated=CREATED, last_used=used)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_2=key))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROOT_ARN}: access key 2 last used {used.isoformat()}" in run.output
    assert "password last used" not in run.output


@pytest.mark.parametrize("hours", [25, 48])
def test_use_older_than_a_day_passes_with_its_date(suite: Suite, hours: float) -> None:
    used = hours_ago(hours)
    key = RootAccessKey(active=True, last_rotated=CREATED, last_used=used)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=key, password_last_used=used))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Root password last used (credential report only)"] == used.isoformat()


def test_use_ten_days_ago_passes_though_cloudsploit_fails_it(suite: Suite) -> None:
    # One framework id, one requirement: rootAccountInUse's window is iam/root-account-usage.
    used = hours_ago(24 * 10)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_last_used=used))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_setting_widens_the_window_and_the_text(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_last_used=hours_ago(50)))

    run = suite.run("--set", "root_daily_use_days=3", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "2 days 2 h before this check; the root user is in daily use when used within 3" in (
        run.output
    )
    assert "within the last 3 day(s)" in run.evidence()[CASE]["description"]


def test_missing_root_row_is_an_error(suite: Suite) -> None:
    # plain moto: its credential report has no <root_account> row
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "has no '<root_account>' row" in run.output


@pytest.mark.parametrize("action", ["iam:GenerateCredentialReport", "iam:GetCredentialReport"])
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
