"""iam/support-role (CIS 2.15, a support role that is not service-linked) against moto."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_support_role.py"
CASE = "test_support_role[prod]"
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
    assert run.evidence()[CASE]["decided_by"]["AWSSupportAccess attached to roles"] == (
        f"arn:aws:iam::{ACCOUNT_ID}:role/support"
    )


def test_role_passes_and_user_holders_are_evidence_only(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName="support", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="support", PolicyArn=SUPPORT)
    iam.create_user(UserName="responder")
    iam.attach_user_policy(UserName="responder", PolicyArn=SUPPORT)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["AWSSupportAccess on user(s) (not counted)"] == (
        f"arn:aws:iam::{ACCOUNT_ID}:user/responder"
    )


def test_user_only_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="responder")
    iam.attach_user_policy(UserName="responder", PolicyArn=SUPPORT)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{SUPPORT} is attached to no IAM role that is not service-linked" in run.output
    assert (
        f"(it is attached only to user(s) arn:aws:iam::{ACCOUNT_ID}:user/responder)" in run.output
    )
    assert run.evidence()[CASE]["decided_by"]["AWSSupportAccess attached to roles"] == "none"


def test_group_with_members_only_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="responders")
    iam.attach_group_policy(GroupName="responders", PolicyArn=SUPPORT)
    iam.create_user(UserName="carol")
    iam.add_user_to_group(GroupName="responders", UserName="carol")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{SUPPORT} is attached to no IAM role that is not service-linked" in run.output
    assert (
        f"(it is attached only to group(s) arn:aws:iam::{ACCOUNT_ID}:group/responders)"
        in run.output
    )


def test_service_linked_role_only_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    iam.attach_role_policy(RoleName=role["RoleName"], PolicyArn=SUPPORT)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"(it is attached only to service-linked role(s) {role['Arn']})" in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["AWSSupportAccess on service-linked role(s) (not counted)"] == role["Arn"]


def test_no_support_access_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="ops", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{SUPPORT} is attached to no IAM role that is not service-linked: the account has no"
        " support role for managing AWS Support cases" in run.output
    )
    assert "attached only to" not in run.output


def test_empty_account_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "the account has no support role for managing AWS Support cases" in run.output


def test_support_role_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_role(RoleName=f"role-{number:03d}", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="role-109", PolicyArn=SUPPORT)

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
