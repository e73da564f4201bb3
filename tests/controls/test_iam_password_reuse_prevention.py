"""iam/password-reuse-prevention (CIS 2.9) against moto."""

from __future__ import annotations

from tests.conftest import Suite

CONTROL = "iam/test_password_reuse_prevention.py"
CASE = "test_password_reuse_prevention[prod]"


def test_remembering_24_passwords_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(PasswordReusePrevention=24)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["PasswordReusePrevention"] == "24"


def test_fewer_remembered_passwords_fail_with_the_value(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(PasswordReusePrevention=5)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "refuses only the last 5 passwords; at least 24 are required" in run.output


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
    assert run.verdicts() == {CASE: "violation"}


def test_setting_lowers_the_threshold(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(PasswordReusePrevention=10)
    suite.write_settings(password_reuse_prevention=10)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Setting password_reuse_prevention"] == (
        f"10 ({suite.settings_file})"
    )


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output
