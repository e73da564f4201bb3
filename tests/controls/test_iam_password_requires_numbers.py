"""iam/password-requires-numbers against moto."""

from __future__ import annotations

from tests.conftest import Suite

CONTROL = "iam/test_password_requires_numbers.py"
CASE = "test_password_requires_numbers[prod]"


def test_numbers_required_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(RequireNumbers=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["RequireNumbers"] == "true"


def test_numbers_not_required_fails_though_every_other_class_is(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(
        RequireUppercaseCharacters=True, RequireLowercaseCharacters=True, RequireSymbols=True
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert "does not require a number (RequireNumbers=false)" in run.output


def test_only_numbers_required_passes_though_no_other_class_is(suite: Suite) -> None:
    # One framework id, one requirement: the other classes are other controls' verdicts.
    suite.client("iam").update_account_password_policy(RequireNumbers=True, MinimumPasswordLength=6)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "no password policy, so passwords need not contain a number" in run.output
    assert run.evidence()[CASE]["decided_by"]["RequireNumbers"] == "no policy"


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output
