"""iam/password-max-age (CloudSploit maxPasswordAge, 365 days) against moto."""

from __future__ import annotations

from tests.conftest import Suite

CONTROL = "iam/test_password_max_age.py"
CASE = "test_password_max_age[prod]"


def test_expiry_at_365_days_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=365)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["MaxPasswordAge"] == "365"


def test_expiry_at_364_days_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=364)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_expiry_at_180_days_passes_though_cis_wants_90(suite: Suite) -> None:
    # One framework id, one requirement: the 90-day CIS expiry is iam/password-expiration.
    suite.client("iam").update_account_password_policy(MaxPasswordAge=180)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_expiry_at_366_days_fails_with_the_value(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=366)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "lets passwords live 366 days; at most 365 are allowed" in run.output


def test_passwords_that_never_expire_fail(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "sets no maximum password age (MaxPasswordAge 0)" in run.output  # moto's 0
    assert run.evidence()[CASE]["decided_by"]["MaxPasswordAge"] == "0 (never expire)"


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no password policy, so passwords never expire" in run.output


def test_setting_changes_the_limit(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=200)

    run = suite.run("--set", "max_password_age_fail=180", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "lets passwords live 200 days; at most 180 are allowed" in run.output


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output
