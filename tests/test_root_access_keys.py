"""The root access keys control, end to end against moto over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from moto.iam.models import IAMBackend, iam_backends

from fixtures.demo.moto.iam import GENERATED_AT, RootAccessKey, RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, Suite

CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ROTATED = datetime(2021, 6, 14, 8, 5, tzinfo=UTC)
USED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
ROOT_ARN = f"arn:aws:iam::{ACCOUNT_ID}:root"


def active_key() -> RootAccessKey:
    return RootAccessKey(active=True, last_rotated=ROTATED, last_used=USED)


def test_root_without_keys_passes(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    run = suite.run()

    run.result.assert_outcomes(passed=1)
    assert run.result.ret == 0


def test_active_key_1_fails_naming_the_key_and_its_dates(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=active_key()))

    run = suite.run()

    run.result.assert_outcomes(failed=1)
    assert run.result.ret == 1
    run.result.stdout.fnmatch_lines(
        [
            f"- {ROOT_ARN}: access key 1 is active (last rotated 2021-06-14T08:05:00+00:00,"
            " last used 2026-11-20T10:00:00+00:00)"
        ]
    )
    assert "access key 2 is active" not in run.output


def test_only_key_2_active_fails_naming_key_2(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_2=active_key()))

    run = suite.run()

    run.result.assert_outcomes(failed=1)
    assert f"{ROOT_ARN}: access key 2 is active" in run.output
    assert "access key 1 is active" not in run.output


def test_both_keys_active_fails_naming_both(suite: Suite) -> None:
    set_root_account(
        ACCOUNT_ID, RootAccount(created=CREATED, key_1=active_key(), key_2=active_key())
    )

    run = suite.run()

    run.result.assert_outcomes(failed=1)
    assert "3 violation(s)" in run.output
    assert f"{ROOT_ARN}: access key 1 is active" in run.output
    assert f"{ROOT_ARN}: access key 2 is active" in run.output


def test_inactive_root_key_still_fails_on_the_account_summary(suite: Suite) -> None:
    inactive = RootAccessKey(active=False, last_rotated=ROTATED)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=inactive))

    run = suite.run()

    run.result.assert_outcomes(failed=1)
    assert "is active" not in run.output
    assert (
        "AccountAccessKeysPresent=1; the root user owns access keys (inactive keys count too)"
        in (run.output)
    )


def test_missing_root_row_is_an_error_not_a_pass(suite: Suite) -> None:
    # plain moto: its credential report has no <root_account> row
    run = suite.run()

    run.result.assert_outcomes(errors=1)
    assert run.result.ret == 1
    assert "iam/root-access-keys could not be assessed" in run.output
    assert "has no '<root_account>' row" in run.output
    assert f"prod ({ACCOUNT_ID}) verdicts: 1 could not assess" in run.output


def test_report_that_never_completes_is_an_error_within_the_bounded_wait(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    monkeypatch.setattr(IAMBackend, "report_generated", lambda self: False)
    started = datetime.now(UTC)

    run = suite.run("-o", "credential_report_timeout=2")

    run.result.assert_outcomes(errors=1)
    assert "had not finished the IAM credential report (state 'STARTED') after 2s" in run.output
    assert (datetime.now(UTC) - started).total_seconds() < 30


def report_generated(ago: timedelta) -> None:
    """Make moto's credential report one generated ``ago`` (AWS reuses one under 4 h old)."""
    setattr(iam_backends[ACCOUNT_ID]["aws"], GENERATED_AT, datetime.now(UTC) - ago)


def test_report_older_than_aws_keeps_one_is_an_error(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    report_generated(timedelta(hours=5))

    run = suite.run()

    run.result.assert_outcomes(errors=1)
    assert "5.0 h before this check; AWS regenerates a report older than four hours" in run.output


def test_report_three_hours_old_is_current_and_its_age_is_evidence(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    report_generated(timedelta(hours=3))

    run = suite.run()

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()["test_root_access_keys[prod]"]["decided_by"]
    assert decided["Credential report generated (UTC)"].endswith("(3.0 h before this check)")


def test_report_missing_a_needed_column_is_an_error(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    with_root_row = IAMBackend.get_credential_report

    def without_mfa_column(self: IAMBackend) -> str:
        lines = with_root_row(self).splitlines()
        index = lines[0].split(",").index("mfa_active")
        return (
            "\n".join(
                ",".join(f for i, f in enumerate(line.split(",")) if i != index) for line in lines
            )
            + "\n"
        )

    monkeypatch.setattr(IAMBackend, "get_credential_report", without_mfa_column)

    run = suite.run()

    run.result.assert_outcomes(errors=1)
    assert "lacks the column(s) mfa_active" in run.output


@pytest.mark.parametrize(
    "denied_action",
    ["iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:GetAccountSummary"],
)
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, denied_action: str) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    suite.deny(denied_action)

    run = suite.run()

    run.result.assert_outcomes(errors=1)
    assert f"{denied_action} was denied" in run.output
    assert f"the audit identity needs the {denied_action} permission" in run.output
    assert "passed" not in run.result.stdout.lines[-1]


def test_key_deleted_since_the_report_passes_on_the_live_summary(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The report (up to four hours old) still shows the key; the account summary is live.
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=active_key()))
    iam_backends[ACCOUNT_ID]["aws"].generate_report()
    stale = iam_backends[ACCOUNT_ID]["aws"].get_credential_report()
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    monkeypatch.setattr(IAMBackend, "get_credential_report", lambda self: stale)

    run = suite.run()

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()["test_root_access_keys[prod]"]["decided_by"]
    assert decided["AccountAccessKeysPresent"] == "0"
    assert decided["Decided by"] == (
        "iam:GetAccountSummary (live): no root access keys; the older credential report"
        " still shows key(s) [1] active"
    )
