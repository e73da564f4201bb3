"""iam/password-requires-symbols against moto."""

from __future__ import annotations

import pytest

from fixtures.aws.iam import fetch_password_policy
from fixtures.results.errors import MissingField
from tests.conftest import Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "iam/test_password_requires_symbols.py"
CASE = "test_password_requires_symbols[prod]"


def test_symbols_required_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(RequireSymbols=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["RequireSymbols"] == "true"


def test_symbols_not_required_fails_though_every_other_class_is(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(
        RequireUppercaseCharacters=True, RequireLowercaseCharacters=True, RequireNumbers=True
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert "does not require a symbol (RequireSymbols=false)" in run.output


def test_only_symbols_required_passes_though_no_other_class_is(suite: Suite) -> None:
    # One framework id, one requirement: the other classes are other controls' verdicts.
    suite.client("iam").update_account_password_policy(RequireSymbols=True, MinimumPasswordLength=6)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "no password policy, so passwords need not contain a symbol" in run.output
    assert run.evidence()[CASE]["decided_by"]["RequireSymbols"] == "no policy"


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
