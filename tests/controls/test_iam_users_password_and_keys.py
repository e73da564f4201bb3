"""iam/users-password-and-keys against moto."""

from __future__ import annotations

import pytest

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_users_password_and_keys.py"
CASE = "test_users_password_and_keys[prod]"


def user(suite: Suite, name: str, password: bool, keys: int = 0, active: bool = True) -> None:
    """A user with or without a console password and ``keys`` access keys."""
    iam = suite.client("iam")
    iam.create_user(UserName=name)
    if password:
        iam.create_login_profile(UserName=name, Password="Correct-horse-battery-9")
    for _ in range(keys):
        key_id = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
        if not active:
            iam.update_access_key(UserName=name, AccessKeyId=key_id, Status="Inactive")


def test_password_or_keys_but_not_both_pass(suite: Suite) -> None:
    user(suite, "alice", password=True)
    user(suite, "robot", password=False, keys=2)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users checked (name matches the pattern)"] == "2"
    assert decided["Setting iam_machine_username_regex"] == "^.*$ (default)"


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Users checked (name matches the pattern)"] == "0"


def test_password_and_active_key_fail_naming_user_and_keys(suite: Suite) -> None:
    user(suite, "alice", password=True, keys=2)
    user(suite, "bob", password=True, keys=1)

    iam = suite.client("iam")
    keys = {
        name: [k["AccessKeyId"] for k in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]]
        for name in ("alice", "bob")
    }

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:user/alice: console password enabled and active access"
        f" key(s) {', '.join(keys['alice'])}"
    ) in run.output
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:user/bob: console password enabled and active access key(s)"
        f" {keys['bob'][0]}"
    ) in run.output


def test_password_with_inactive_key_passes(suite: Suite) -> None:
    user(suite, "alice", password=True, keys=1, active=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_pattern_limits_the_check_to_matching_users(suite: Suite) -> None:
    user(suite, "alice", password=True, keys=1)
    user(suite, "svc-build", password=True, keys=1)
    suite.write_settings(iam_machine_username_regex="^svc-.*$")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "user/svc-build: console password enabled" in run.output
    assert "user/alice" not in run.output
    assert run.evidence()[CASE]["decided_by"]["Users checked (name matches the pattern)"] == "1"


def test_invalid_pattern_given_with_set_stops_the_run(suite: Suite) -> None:
    run = suite.run("--set", "iam_machine_username_regex=[svc", control=CONTROL)

    assert run.result.ret == 4
    assert (
        "setting iam_machine_username_regex (from --set): '[svc' is not a valid regular expression"
    ) in run.output


@pytest.mark.parametrize("action", ["iam:GenerateCredentialReport", "iam:GetCredentialReport"])
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
