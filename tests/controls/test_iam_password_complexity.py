"""iam/password-complexity against moto."""

from __future__ import annotations

import pytest

from fixtures.errors import MissingField
from fixtures.iam_data import fetch_password_policy
from tests.conftest import Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "iam/test_password_complexity.py"
CASE = "test_password_complexity[prod]"


def test_every_character_class_required_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        RequireNumbers=True,
        RequireSymbols=True,
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["RequireSymbols"] == "true"


def test_each_missing_class_is_named(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(
        RequireLowercaseCharacters=True, RequireNumbers=True
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "2 violation(s)" in run.output
    assert "does not require an uppercase letter (RequireUppercaseCharacters=false)" in run.output
    assert "does not require a symbol (RequireSymbols=false)" in run.output
    assert "lowercase" not in run.output.split("violation(s)")[1]


def test_only_numbers_missing_fails(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(
        RequireUppercaseCharacters=True, RequireLowercaseCharacters=True, RequireSymbols=True
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert "does not require a number (RequireNumbers=false)" in run.output


def test_no_password_policy_fails_naming_every_class(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "4 violation(s)" in run.output
    assert "no password policy, so passwords need not contain a lowercase letter" in run.output


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output


def test_policy_without_a_flag_cannot_be_assessed() -> None:
    # AWS returns every Require* flag; a missing one is unknown, not "not required".
    flags = {"RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True}
    policy = {"MinimumPasswordLength": 14, "AllowUsersToChangePassword": True, **flags}
    canned = CannedAws().answer("iam", "GetAccountPasswordPolicy", {"PasswordPolicy": policy})

    with pytest.raises(MissingField, match="GetAccountPasswordPolicy returned no RequireSymbols"):
        fetch_password_policy(canned.data())
