"""iam/no-full-admin-policies (CIS 2.14) against moto."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from fixtures.aws.iam import fetch_iam_inventory
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws
from tests.controls.policy_scenarios import document, user_with_inline_policy

CONTROL = "iam/test_no_full_admin_policies.py"
CASE = "test_no_full_admin_policies[prod]"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "*"}
        ],
    }
)


def test_narrow_policies_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")
    iam.create_group(GroupName="power")
    iam.attach_group_policy(GroupName="power", PolicyArn="arn:aws:iam::aws:policy/PowerUserAccess")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(
        RoleName="app",
        PolicyName="s3",
        PolicyDocument=document({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Attached managed policies allowing *:*"] == "0"
    assert decided["Users, groups and roles holding *:*"] == "0"


def test_empty_account_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["IAM inventory"].startswith("0 users, 0 groups")


def test_administrator_access_fails_naming_every_holder(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="bob")
    iam.attach_user_policy(UserName="bob", PolicyArn=ADMIN)
    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn=ADMIN)
    iam.create_role(RoleName="ops", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="ops", PolicyArn=ADMIN)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "3 violation(s)" in run.output
    for holder in ("user/bob", "group/admins", "role/ops"):
        kind = holder.split("/")[0]
        assert (
            f"- arn:aws:iam::{ACCOUNT_ID}:{holder}: managed policy {ADMIN} attached to the"
            f" {kind} allows *:* (Allow Action ['*'] on Resource ['*'])"
        ) in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Users, groups and roles holding *:*"] == "3"
    assert decided["Attached managed policies allowing *:*"] == "1"


def test_waiver_for_one_holder_leaves_the_others_failing(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName="BreakGlass", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="BreakGlass", PolicyArn=ADMIN)
    iam.create_user(UserName="mallory")
    iam.attach_user_policy(UserName="mallory", PolicyArn=ADMIN)
    suite.write_waivers(
        {
            "control": "iam/no-full-admin-policies",
            "account": "prod",
            "resources": [f"arn:aws:iam::{ACCOUNT_ID}:role/BreakGlass"],
            "by": "Jane Doe",
            "date": "2020-01-01",
            "expires": "2099-01-01",
            "justification": "break-glass role",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"- arn:aws:iam::{ACCOUNT_ID}:user/mallory: managed policy {ADMIN}" in run.output
    waived = run.evidence()[CASE]["decided_by"]["Waived violations"]
    assert waived.startswith(f"- arn:aws:iam::{ACCOUNT_ID}:role/BreakGlass: managed policy")


def test_allow_everything_with_not_resource_fails(suite: Suite) -> None:
    user_with_inline_policy(
        suite,
        "mallory",
        {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::some-bucket"},
        policy="almost-all",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:user/mallory: inline policy 'almost-all' of the user"
        " allows as good as *:* (Allow Action ['*'] on NotResource ['arn:aws:s3:::some-bucket'])"
    ) in run.output


def test_everything_but_a_harmless_action_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    arn = iam.create_policy(
        PolicyName="no-billing",
        PolicyDocument=document(
            {"Effect": "Allow", "NotAction": "aws-portal:ViewBilling", "Resource": "*"}
        ),
    )["Policy"]["Arn"]
    iam.create_group(GroupName="ops")
    iam.attach_group_policy(GroupName="ops", PolicyArn=arn)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:group/ops: managed policy {arn} attached to the group"
        " allows as good as *:* (Allow NotAction ['aws-portal:ViewBilling'] on Resource ['*'])"
    ) in run.output


def test_everything_but_iam_passes(suite: Suite) -> None:
    user_with_inline_policy(
        suite,
        "dev",
        {
            "Effect": "Allow",
            "NotAction": ["iam:*", "organizations:*", "account:*"],
            "NotResource": "arn:aws:s3:::audit-logs/*",
        },
        policy="power-user-like",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_customer_managed_list_form_fails(suite: Suite) -> None:
    iam = suite.client("iam")
    arn = iam.create_policy(
        PolicyName="everything",
        PolicyDocument=document(
            {"Sid": "All", "Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]}
        ),
    )["Policy"]["Arn"]
    iam.create_group(GroupName="ops")
    iam.attach_group_policy(GroupName="ops", PolicyArn=arn)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:group/ops: managed policy {arn} attached to the group"
        " allows *:* (Sid 'All': Allow Action ['*:*']"
    ) in run.output


def test_inline_policy_fails_and_conditions_are_evidence(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName="breakglass", AssumeRolePolicyDocument=TRUST)
    condition = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    iam.put_role_policy(
        RoleName="breakglass",
        PolicyName="all",
        PolicyDocument=document(
            {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"arn:aws:iam::{ACCOUNT_ID}:role/breakglass: inline policy 'all' of the role allows *:*"
        " (Allow Action ['*'] on Resource ['*'] (with conditions))"
    ) in run.output
    conditions = run.evidence()[CASE]["decided_by"]["Conditions on *:* statements"]
    assert "aws:MultiFactorAuthPresent" in conditions
    assert "role/breakglass" in conditions


def test_unattached_star_policy_passes(suite: Suite) -> None:
    suite.client("iam").create_policy(
        PolicyName="unused",
        PolicyDocument=document({"Effect": "Allow", "Action": "*", "Resource": "*"}),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_holder_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}")
    iam.attach_user_policy(UserName="user-109", PolicyArn=ADMIN)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/user-109: managed policy {ADMIN}" in run.output


def test_denied_policy_version_read_is_an_error(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="bob")
    iam.attach_user_policy(UserName="bob", PolicyArn=ADMIN)
    suite.deny("iam:GetPolicyVersion")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetPolicyVersion permission" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output


# Responses moto never sends: IAM returns every list of an entity, empty when there is
# nothing in it. An entity without one must be an error, never "no policies, no groups".
CREATED = datetime(2024, 1, 2, tzinfo=UTC)
ENTITIES: dict[str, tuple[str, dict[str, Any]]] = {
    "user": (
        "UserDetailList",
        {
            "UserName": "alice",
            "Arn": f"arn:aws:iam::{ACCOUNT_ID}:user/alice",
            "Path": "/",
            "CreateDate": CREATED,
            "UserPolicyList": [],
            "AttachedManagedPolicies": [],
            "GroupList": [],
        },
    ),
    "group": (
        "GroupDetailList",
        {
            "GroupName": "admins",
            "Arn": f"arn:aws:iam::{ACCOUNT_ID}:group/admins",
            "Path": "/",
            "CreateDate": CREATED,
            "GroupPolicyList": [],
            "AttachedManagedPolicies": [],
        },
    ),
    "role": (
        "RoleDetailList",
        {
            "RoleName": "ops",
            "Arn": f"arn:aws:iam::{ACCOUNT_ID}:role/ops",
            "Path": "/",
            "CreateDate": CREATED,
            "AssumeRolePolicyDocument": TRUST,
            "RolePolicyList": [],
            "AttachedManagedPolicies": [],
            "InstanceProfileList": [],
        },
    ),
}


def authorization_details(kind: str, entity: dict[str, Any]) -> CannedAws:
    lists: dict[str, list[Any]] = {
        "UserDetailList": [],
        "GroupDetailList": [],
        "RoleDetailList": [],
        "Policies": [],
    }
    page = {**lists, ENTITIES[kind][0]: [entity]}
    return CannedAws().answer("iam", "GetAccountAuthorizationDetails", page)


@pytest.mark.parametrize("kind", list(ENTITIES))
def test_complete_entities_are_read(kind: str) -> None:
    inventory = fetch_iam_inventory(authorization_details(kind, ENTITIES[kind][1]).data())

    (entity,) = {"user": inventory.users, "group": inventory.groups, "role": inventory.roles}[kind]
    assert (entity.inline_policies, entity.attached_policy_arns) == ({}, ())


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("user", "UserPolicyList"),
        ("user", "AttachedManagedPolicies"),
        ("user", "GroupList"),
        ("user", "Path"),
        ("group", "GroupPolicyList"),
        ("group", "AttachedManagedPolicies"),
        ("role", "RolePolicyList"),
        ("role", "AttachedManagedPolicies"),
        ("role", "InstanceProfileList"),
        ("role", "Path"),
    ],
)
def test_entity_without_a_list_cannot_be_assessed(kind: str, field: str) -> None:
    name_key, entity = f"{kind.capitalize()}Name", ENTITIES[kind][1]
    lacking = {key: value for key, value in entity.items() if key != field}

    with pytest.raises(MissingField) as raised:
        fetch_iam_inventory(authorization_details(kind, lacking).data())

    assert str(raised.value) == (
        f"iam:GetAccountAuthorizationDetails for {kind} {entity[name_key]!r} returned no {field}"
    )


def test_user_in_a_group_the_response_left_out_cannot_be_assessed() -> None:
    user = {**ENTITIES["user"][1], "GroupList": ["admins"]}

    with pytest.raises(MissingField) as raised:
        fetch_iam_inventory(authorization_details("user", user).data())

    assert "lists user 'alice' in group 'admins' but returned no such group" in str(raised.value)


def test_user_in_a_listed_group_is_read() -> None:
    user = {**ENTITIES["user"][1], "GroupList": ["admins"]}
    page = {
        "UserDetailList": [user],
        "GroupDetailList": [ENTITIES["group"][1]],
        "RoleDetailList": [],
        "Policies": [],
    }
    aws = CannedAws().answer("iam", "GetAccountAuthorizationDetails", page)

    inventory = fetch_iam_inventory(aws.data())

    (group,) = inventory.groups
    assert inventory.members(group) == inventory.users


def test_inline_policy_without_document_cannot_be_assessed() -> None:
    user = {**ENTITIES["user"][1], "UserPolicyList": [{"PolicyName": "admin"}]}

    with pytest.raises(MissingField, match="user 'alice': inline policy 'admin' returned no"):
        fetch_iam_inventory(authorization_details("user", user).data())
