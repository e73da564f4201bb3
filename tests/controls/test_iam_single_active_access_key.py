"""iam/single-active-access-key against moto."""

from __future__ import annotations

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_single_active_access_key.py"
CASE = "test_single_active_access_key[prod]"


def test_one_active_key_per_user_passes(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="app")
    iam.create_access_key(UserName="app")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["IAM users (iam:GetAccountAuthorizationDetails)"] == "1"
    assert decided["Users with two active access keys"] == "0"


def test_second_key_inactive_passes(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="app")
    iam.create_access_key(UserName="app")
    old = iam.create_access_key(UserName="app")["AccessKey"]["AccessKeyId"]
    iam.update_access_key(UserName="app", AccessKeyId=old, Status="Inactive")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_two_active_keys_fail_naming_each_user(suite: Suite) -> None:
    iam = suite.client("iam")
    for name in ("app", "ci", "ok"):
        iam.create_user(UserName=name)
        iam.create_access_key(UserName=name)
    iam.create_access_key(UserName="app")
    iam.create_access_key(UserName="ci")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "2 violation(s)" in run.output
    for name in ("app", "ci"):
        first, second = (
            k["AccessKeyId"] for k in iam.list_access_keys(UserName=name)["AccessKeyMetadata"]
        )
        assert (
            f"arn:aws:iam::{ACCOUNT_ID}:user/{name}: 2 access keys are active: {first} created"
            in run.output
        )
        assert f"; {second} created" in run.output
    assert "user/ok:" not in run.output
    assert run.evidence()[CASE]["decided_by"]["Users with two active access keys"] == "2"


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert (
        run.evidence()[CASE]["decided_by"]["IAM users (iam:GetAccountAuthorizationDetails)"] == "0"
    )


def test_denied_report_generation_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GenerateCredentialReport")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GenerateCredentialReport permission" in run.output


def test_denied_report_read_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetCredentialReport")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetCredentialReport permission" in run.output
