"""iam/group-inline-policies (CloudSploit iam/groupInlinePolicies) against moto."""

from __future__ import annotations

import json

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_group_inline_policies.py"
CASE = "test_group_inline_policies[prod]"
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}],
    }
)


def test_managed_policies_only_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="readers")
    iam.attach_group_policy(GroupName="readers", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    # Inline policies of users and roles are other controls' business.
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="own", PolicyDocument=POLICY)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert (decided["Groups"], decided["Groups with inline policies"]) == ("1", "0")


def test_no_groups_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Groups"] == "0"


def test_each_inline_policy_fails_by_name(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="dev")
    iam.put_group_policy(GroupName="dev", PolicyName="s3-read", PolicyDocument=POLICY)
    iam.put_group_policy(GroupName="dev", PolicyName="more", PolicyDocument=POLICY)
    iam.create_group(GroupName="ops")
    iam.put_group_policy(GroupName="ops", PolicyName="ops-inline", PolicyDocument=POLICY)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    prefix = f"arn:aws:iam::{ACCOUNT_ID}:group"
    assert f"{prefix}/dev: inline policy 's3-read'" in run.output
    assert f"{prefix}/dev: inline policy 'more'" in run.output
    assert f"{prefix}/ops: inline policy 'ops-inline'" in run.output
    assert run.evidence()[CASE]["decided_by"]["Groups with inline policies"] == "2"


def test_group_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_group(GroupName=f"group-{number:03d}")
    iam.put_group_policy(GroupName="group-109", PolicyName="late", PolicyDocument=POLICY)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:group/group-109: inline policy 'late'" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
