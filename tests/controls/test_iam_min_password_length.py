"""iam/min-password-length (CloudSploit minPasswordLength, 10 characters) against moto."""

from __future__ import annotations

from tests.conftest import Suite

CONTROL = "iam/test_min_password_length.py"
CASE = "test_min_password_length[prod]"


def test_length_10_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=10)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["MinimumPasswordLength"] == "10"


def test_length_11_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=11)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_length_9_fails_with_the_value(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=9)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "allows 9-character passwords; at least 10 are required" in run.output


def test_length_12_passes_though_cis_wants_14(suite: Suite) -> None:
    # One framework id, one requirement: CIS 2.8's 14 is iam/password-minimum-length.
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=12)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no password policy: AWS accepts 8 characters, not 10" in run.output


def test_setting_changes_the_threshold(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=12)

    run = suite.run("--set", "min_password_length_fail=13", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "allows 12-character passwords; at least 13 are required" in run.output


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output
