"""iam/password-minimum-length (CIS 2.8) against moto."""

from __future__ import annotations

import pytest

from tests.conftest import Suite

CONTROL = "iam/test_password_minimum_length.py"
CASE = "test_password_minimum_length[prod]"


def test_length_14_passes(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["MinimumPasswordLength"] == "14"


def test_shorter_minimum_fails_with_the_value(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=13)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "allows 13-character passwords; at least 14 are required" in run.output


def test_no_password_policy_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no password policy" in run.output
    assert run.verdicts() == {CASE: "violation"}


def test_setting_changes_the_threshold(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=16)
    suite.write_settings(min_password_length=20)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "at least 20 are required" in run.output
    assert run.evidence()[CASE]["decided_by"]["Setting min_password_length"] == (
        f"20 ({suite.settings_file})"
    )


def test_set_option_overrides_the_file(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=16)
    suite.write_settings(min_password_length=20)

    run = suite.run("--set", "min_password_length=16", control=CONTROL)

    run.result.assert_outcomes(passed=1)


@pytest.mark.parametrize("value", ['"fourteen"', "true"])
def test_wrongly_typed_setting_stops_the_run(suite: Suite, value: str) -> None:
    suite.settings_file.write_text(f"[settings]\nmin_password_length = {value}\n")

    run = suite.run(control=CONTROL)

    assert run.result.ret == 4
    assert "setting min_password_length:" in run.output
    assert "is not an integer" in run.output


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountPasswordPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:GetAccountPasswordPolicy permission" in run.output
