"""iam/users-present (CloudSploit iam/iamUserPresent) against moto."""

from __future__ import annotations

import json

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_users_present.py"
CASE = "test_users_present[prod]"


def test_a_user_passes(suite: Suite) -> None:
    suite.client("iam").create_user(UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["IAM users"] == "1"


def test_no_users_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no IAM users" in run.output
    assert run.verdicts() == {CASE: "violation"}


def test_roles_alone_fail_with_the_roles_as_evidence(suite: Suite) -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    suite.client("iam").create_role(RoleName="admin", AssumeRolePolicyDocument=json.dumps(trust))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "with identity federation, deselect this control" in run.output
    assert run.evidence()[CASE]["decided_by"]["IAM roles"] == "1"


def test_control_can_be_deselected(suite: Suite) -> None:
    run = suite.run("-k", "not users_present", control=CONTROL)

    run.result.assert_outcomes()
    assert "1 deselected" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
