"""iam/password-change-allowed against moto."""

from __future__ import annotations

from tests.conftest import Suite

CONTROL = "iam/test_password_change_allowed.py"
CASE = "test_password_change_allowed[prod]"


def test_users_may_change_their_passwords_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(AllowUsersToChangePassword=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["AllowUsersToChangePassword"] == "true"


def test_policy_that_forbids_it_fails(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(AllowUsersToChangePassword=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "does not allow IAM users to change their own passwords" in run.output
    assert "(AllowUsersToChangePassword=false)" in run.output


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no password policy" in run.output
    assert run.verdicts() == {CASE: "violation"}


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output
