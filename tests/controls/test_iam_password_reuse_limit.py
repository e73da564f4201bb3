"""iam/password-reuse-limit (CloudSploit passwordReusePrevention, 5) against moto."""

from __future__ import annotations

from tests.conftest import Suite

CONTROL = "iam/test_password_reuse_limit.py"
CASE = "test_password_reuse_limit[prod]"


def test_remembering_5_passwords_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(PasswordReusePrevention=5)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["PasswordReusePrevention"] == "5"


def test_remembering_6_passwords_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(PasswordReusePrevention=6)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_remembering_4_passwords_fails_with_the_value(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(PasswordReusePrevention=4)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "refuses only the last 4 passwords; at least 5 are required" in run.output


def test_remembering_10_passes_though_cis_wants_24(suite: Suite) -> None:
    # One framework id, one requirement: CIS 2.9's 24 is iam/password-reuse-prevention.
    suite.client("iam").update_account_password_policy(PasswordReusePrevention=10)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_policy_without_reuse_prevention_fails(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "PasswordReusePrevention is not set" in run.output
    assert run.evidence()[CASE]["decided_by"]["PasswordReusePrevention"] == "not set"


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no password policy" in run.output


def test_setting_raises_the_threshold(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(PasswordReusePrevention=5)

    run = suite.run("--set", "password_reuse_fail=6", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "refuses only the last 5 passwords; at least 6 are required" in run.output


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output
