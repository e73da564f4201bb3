"""iam/password-policy-exists against moto."""

from __future__ import annotations

from tests.conftest import Suite

CONTROL = "iam/test_password_policy_exists.py"
CASE = "test_password_policy_exists[prod]"


def test_custom_policy_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=12)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Password policy"] == "set"
    assert decided["MinimumPasswordLength"] == "12"


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no IAM password policy (NoSuchEntity)" in run.output
    assert run.evidence()[CASE]["decided_by"]["Password policy"] == "none: AWS defaults apply"


def test_deleted_policy_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=14)
    iam.delete_account_password_policy()

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output
