"""iam/user-permissions-through-groups (CIS 2.13) against moto."""

from __future__ import annotations

import json

from tests.conftest import Suite

CONTROL = "iam/test_user_permissions_through_groups.py"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}],
    }
)


def test_permissions_through_groups_only_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn=READ_ONLY)
    iam.put_group_policy(GroupName="readers", PolicyName="s3", PolicyDocument=POLICY)
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="readers", UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()["test_user_permissions_through_groups[prod]"]["decided_by"]
    assert decided["IAM inventory"].startswith("0 users")


def test_inline_and_attached_user_policies_fail_naming_each(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="bob")
    iam.put_user_policy(UserName="bob", PolicyName="direct", PolicyDocument=POLICY)
    iam.create_user(UserName="carol")
    iam.attach_user_policy(UserName="carol", PolicyArn=READ_ONLY)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "arn:aws:iam::123456789012:user/bob: inline policy 'direct'" in run.output
    assert (
        f"arn:aws:iam::123456789012:user/carol: managed policy {READ_ONLY} attached directly"
        in (run.output)
    )


def test_offender_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(120):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}")
    iam.put_user_policy(UserName="user-119", PolicyName="late", PolicyDocument=POLICY)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "user/user-119: inline policy 'late'" in run.output
    calls = run.evidence()["test_user_permissions_through_groups[prod]"]["api_calls"]
    pages = [c for c in calls if c["action"] == "iam:GetAccountAuthorizationDetails"]
    assert len(pages) == 2


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
