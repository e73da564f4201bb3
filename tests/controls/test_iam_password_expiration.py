"""iam/password-expiration against moto."""

from __future__ import annotations

from tests.conftest import Suite

CONTROL = "iam/test_password_expiration.py"
CASE = "test_password_expiration[prod]"


def test_expiry_at_90_days_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=90)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["MaxPasswordAge"] == "90"


def test_longer_expiry_fails_with_the_value(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=91)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "lets passwords live 91 days; at most 90 are allowed" in run.output


def test_passwords_that_never_expire_fail(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "lets passwords never expire (MaxPasswordAge 0)" in run.output  # moto's 0
    assert run.evidence()[CASE]["decided_by"]["MaxPasswordAge"] == "0 (never expire)"


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no password policy, so passwords never expire" in run.output


def test_setting_raises_the_limit(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=180)
    suite.write_settings(max_password_age_days=365)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_setting_lowers_the_limit(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=60)

    run = suite.run("--set", "max_password_age_days=45", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "lets passwords live 60 days; at most 45 are allowed" in run.output


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output


def test_expiry_at_89_days_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MaxPasswordAge=89)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
