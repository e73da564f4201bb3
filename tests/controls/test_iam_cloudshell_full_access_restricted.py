"""iam/cloudshell-full-access-restricted (CIS 2.20) against moto."""

from __future__ import annotations

import json

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_cloudshell_full_access_restricted.py"
CASE = "test_cloudshell_full_access_restricted[prod]"
CLOUDSHELL = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
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


def test_no_holder_passes(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    # A customer-managed policy of the same name is not the AWS-managed one.
    own = iam.create_policy(
        PolicyName="AWSCloudShellFullAccess",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "cloudshell:Get*", "Resource": "*"}],
            }
        ),
    )["Policy"]["Arn"]
    iam.attach_user_policy(UserName="alice", PolicyArn=own)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["AWSCloudShellFullAccess attached to"] == "0"


def test_empty_account_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_every_holder_fails_by_name(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="bob")
    iam.attach_user_policy(UserName="bob", PolicyArn=CLOUDSHELL)
    iam.create_group(GroupName="shell")
    iam.attach_group_policy(GroupName="shell", PolicyArn=CLOUDSHELL)
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="ops", PolicyArn=CLOUDSHELL)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    prefix = f"arn:aws:iam::{ACCOUNT_ID}"
    assert f"{prefix}:user/bob: {CLOUDSHELL} is attached to the user" in run.output
    assert f"{prefix}:group/shell: {CLOUDSHELL} is attached to the group (0 members)" in (
        run.output
    )
    assert f"{prefix}:role/ops: {CLOUDSHELL} is attached to the role" in run.output
    assert "3 violation(s)" in run.output
    assert run.evidence()[CASE]["decided_by"]["AWSCloudShellFullAccess attached to"] == "3"


def test_holder_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_group(GroupName=f"group-{number:03d}")
    iam.attach_group_policy(GroupName="group-109", PolicyArn=CLOUDSHELL)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:group/group-109: {CLOUDSHELL}" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
