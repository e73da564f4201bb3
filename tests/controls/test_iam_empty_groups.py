"""iam/empty-groups (CloudSploit iam/emptyGroups) against moto."""

from __future__ import annotations

import json

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_empty_groups.py"
CASE = "test_empty_groups[prod]"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def test_groups_with_members_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="readers")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="readers", UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert (decided["Groups"], decided["Groups without users"]) == ("1", "0")


def test_no_groups_passes_with_evidence(suite: Suite) -> None:
    suite.client("iam").create_user(UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Groups"] == "0"


def test_empty_groups_fail_naming_each_and_its_policies(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="old-admins")
    iam.attach_group_policy(GroupName="old-admins", PolicyArn=READ_ONLY)
    iam.put_group_policy(
        GroupName="old-admins",
        PolicyName="extra",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
            }
        ),
    )
    iam.create_group(GroupName="unused")
    iam.create_group(GroupName="used")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="used", UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    prefix = f"arn:aws:iam::{ACCOUNT_ID}:group"
    assert f"{prefix}/old-admins: no users (policies: {READ_ONLY}, inline 'extra')" in (run.output)
    assert f"{prefix}/unused: no users (no policies)" in run.output
    assert "group/used" not in run.output
    assert run.evidence()[CASE]["decided_by"]["Groups without users"] == "2"


def test_group_emptied_by_removing_its_last_user_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="team")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="team", UserName="alice")
    iam.remove_user_from_group(GroupName="team", UserName="alice")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:group/team: no users" in run.output


def test_member_listed_beyond_the_first_page_counts(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_group(GroupName="team")
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}")
    iam.add_user_to_group(GroupName="team", UserName="user-109")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
