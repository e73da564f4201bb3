"""iam/root-account-usage (CloudSploit iam/rootAccountInUse) against moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fixtures.demo.moto.iam import RootAccessKey, RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_root_account_usage.py"
CASE = "test_root_account_usage[prod]"
CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ROOT_ARN = f"arn:aws:iam::{ACCOUNT_ID}:root"


def days_ago(days: float) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=days)


def test_root_never_used_passes_with_evidence(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Root password last used (credential report only)"] == "never"
    assert decided["Root access key 1 last used (credential report only)"] == "never"
    assert decided["Root access key 2 last used (credential report only)"] == "never"
    assert "(this check)" in decided["Ages measured from"]
    assert decided["Setting root_account_in_use_days"] == "15 (default)"


def test_recent_password_sign_in_fails_with_its_date(suite: Suite) -> None:
    used = days_ago(3)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_last_used=used))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROOT_ARN}: password last used {used.isoformat()}, 3 day(s) before this check;"
        " the root user must not be used within 15 days"
    ) in run.output


def test_recent_use_of_an_inactive_key_fails(suite: Suite) -> None:
    used = days_ago(1)
    key = RootAccessKey(active=False, last_rotated=CREATED, last_used=used)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_2=key))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROOT_ARN}: access key 2 last used {used.isoformat()}, 1 day(s)" in run.output
    assert "password last used" not in run.output


def test_use_older_than_the_setting_passes(suite: Suite) -> None:
    key = RootAccessKey(active=True, last_rotated=CREATED, last_used=days_ago(20))
    set_root_account(
        ACCOUNT_ID, RootAccount(created=CREATED, key_1=key, password_last_used=days_ago(16))
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


@pytest.mark.parametrize("days", [14, 14.9])
def test_use_just_inside_the_window_fails(suite: Suite, days: float) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_last_used=days_ago(days)))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "14 day(s) before this check; the root user must not be used within 15 days" in (
        run.output
    )


@pytest.mark.parametrize("days", [15.1, 16])
def test_use_just_outside_the_window_passes(suite: Suite, days: float) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_last_used=days_ago(days)))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_use_a_week_ago_fails_though_cis_daily_use_passes(suite: Suite) -> None:
    # One framework id, one requirement: CIS 2.7's daily use is iam/root-user-daily-tasks.
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_last_used=days_ago(7)))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)


def test_setting_widens_the_window(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_last_used=days_ago(20)))
    suite.write_settings(root_account_in_use_days=30)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "20 day(s) before this check; the root user must not be used within 30" in (run.output)


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
