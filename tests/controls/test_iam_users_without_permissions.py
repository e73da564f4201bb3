"""iam/users-without-permissions (CloudSploit iam/iamUserWithoutPermissions) against moto."""

from __future__ import annotations

import json

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_users_without_permissions.py"
CASE = "test_users_without_permissions[prod]"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}],
    }
)


def test_every_kind_of_policy_counts(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="attached")
    iam.attach_user_policy(UserName="attached", PolicyArn=READ_ONLY)
    iam.create_user(UserName="inline")
    iam.put_user_policy(UserName="inline", PolicyName="s3", PolicyDocument=POLICY)
    iam.create_group(GroupName="managed")
    iam.attach_group_policy(GroupName="managed", PolicyArn=READ_ONLY)
    iam.create_user(UserName="via-group")
    iam.add_user_to_group(GroupName="managed", UserName="via-group")
    iam.create_group(GroupName="inline-group")
    iam.put_group_policy(GroupName="inline-group", PolicyName="s3", PolicyDocument=POLICY)
    iam.create_user(UserName="via-group-inline")
    iam.add_user_to_group(GroupName="inline-group", UserName="via-group-inline")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert (decided["IAM users"], decided["Users without any policy"]) == ("4", "0")


def test_no_users_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["IAM users"] == "0"


def test_users_without_policies_fail_by_name(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="lonely")
    iam.create_group(GroupName="empty-handed")
    iam.create_user(UserName="grouped")
    iam.add_user_to_group(GroupName="empty-handed", UserName="grouped")
    iam.create_user(UserName="fine")
    iam.attach_user_policy(UserName="fine", PolicyArn=READ_ONLY)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    prefix = f"arn:aws:iam::{ACCOUNT_ID}:user"
    assert f"{prefix}/lonely: no policy of its own and no group" in run.output
    assert (
        f"{prefix}/grouped: no policy of its own, and its group(s) 'empty-handed' have none"
    ) in run.output
    assert "user/fine" not in run.output
    assert run.evidence()[CASE]["decided_by"]["Users without any policy"] == "2"


def test_user_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn=READ_ONLY)
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}")
        if number != 109:
            iam.add_user_to_group(GroupName="readers", UserName=f"user-{number:03d}")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/user-109: no policy" in run.output
    assert "1 violation(s)" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
