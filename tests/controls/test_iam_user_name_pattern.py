"""iam/user-name-pattern against moto."""

from __future__ import annotations

import pytest

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_user_name_pattern.py"
CASE = "test_user_name_pattern[prod]"


def users(suite: Suite, *names: str) -> None:
    iam = suite.client("iam")
    for name in names:
        iam.create_user(UserName=name)


def test_default_pattern_accepts_any_name(suite: Suite) -> None:
    users(suite, "alice", "svc-build", "Weird.Name@example.com")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Setting iam_username_regex"] == "^.*$ (default)"


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    suite.write_settings(iam_username_regex="^svc-[a-z]+$")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert (
        run.evidence()[CASE]["decided_by"]["IAM users (iam:GetAccountAuthorizationDetails)"] == "0"
    )


def test_names_off_the_pattern_fail_naming_each(suite: Suite) -> None:
    users(suite, "svc-build", "alice", "bob")
    suite.write_settings(iam_username_regex="^svc-[a-z]+$")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "2 violation(s)" in run.output
    for name in ("alice", "bob"):
        assert (
            f"arn:aws:iam::{ACCOUNT_ID}:user/{name}: user name '{name}' does not match"
            " '^svc-[a-z]+$'"
        ) in run.output
    assert "user/svc-build" not in run.output


def test_the_whole_name_must_match(suite: Suite) -> None:
    users(suite, "svc-build-2")
    suite.write_settings(iam_username_regex="svc-[a-z]+")  # matches only a prefix

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "user name 'svc-build-2' does not match 'svc-[a-z]+'" in run.output


def test_invalid_pattern_stops_the_run(suite: Suite) -> None:
    users(suite, "alice")
    suite.write_settings(iam_username_regex="^(svc-")

    run = suite.run(control=CONTROL)

    assert run.result.ret == 4
    assert (
        f"setting iam_username_regex (from {suite.settings_file}): '^(svc-' is not a valid"
        " regular expression: missing ), unterminated subpattern"
    ) in run.output
    assert "passed" not in run.output


@pytest.mark.parametrize("action", ["iam:GenerateCredentialReport", "iam:GetCredentialReport"])
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
