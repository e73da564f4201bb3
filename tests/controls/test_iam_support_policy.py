"""iam/support-policy (CloudSploit iam/iamSupportPolicy) against moto."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_support_policy.py"
CASE = "test_support_policy[prod]"
SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


def test_role_with_support_access_passes(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName="support", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="support", PolicyArn=SUPPORT)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["AWSSupportAccess attached to roles"] == (
        f"arn:aws:iam::{ACCOUNT_ID}:role/support"
    )
    assert decided["AWSSupportAccess attached to users"] == "none"


def test_user_only_passes_though_cis_wants_a_role(suite: Suite) -> None:
    # One framework id, one requirement: CIS 2.15's support role is iam/support-role.
    iam = suite.client("iam")
    iam.create_user(UserName="responder")
    iam.attach_user_policy(UserName="responder", PolicyArn=SUPPORT)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["AWSSupportAccess attached to users"] == (
        f"arn:aws:iam::{ACCOUNT_ID}:user/responder"
    )


def test_group_only_passes(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="responders")
    iam.attach_group_policy(GroupName="responders", PolicyArn=SUPPORT)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["AWSSupportAccess attached to groups"] == (
        f"arn:aws:iam::{ACCOUNT_ID}:group/responders"
    )


def test_service_linked_role_only_passes(suite: Suite) -> None:
    iam = suite.client("iam")
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    iam.attach_role_policy(RoleName=role["RoleName"], PolicyArn=SUPPORT)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["AWSSupportAccess attached to roles"] == role["Arn"]


def test_no_support_access_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="ops", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_user(UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{SUPPORT} is attached to no IAM user, group or role: nobody in the account can"
        " manage AWS Support cases through it" in run.output
    )


def test_support_access_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}")
    iam.attach_user_policy(UserName="user-109", PolicyArn=SUPPORT)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


@pytest.mark.parametrize("action", ["iam:GetAccountAuthorizationDetails", "iam:GetPolicy"])
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName="support", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="support", PolicyArn=SUPPORT)
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"needs the {action} permission" in run.output
