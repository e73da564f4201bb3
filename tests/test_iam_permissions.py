"""Unit tests of the permission analysis shared by the IAM controls."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fixtures.analysis.iam_model import Group, IamInventory, PolicyGrant, Role, User
from fixtures.analysis.iam_permissions import (
    IAM_EDIT_ACTIONS,
    Grant,
    admin_access,
    allowed,
    allows_everything,
    by_source,
    covers_all_resources,
    full_access,
    holders,
    iam_edit_rights,
    is_aws_managed,
    statements,
)
from fixtures.analysis.policy_documents import Statement, parse_policy, sample
from fixtures.results.errors import MissingField


def stmt(**fields: Any) -> Statement:
    """One statement from its JSON fields (Effect defaults to Allow)."""
    return parse_policy({"Statement": {"Effect": "Allow", **fields}}, "test")[0]


def grants(*items: Statement, source: str = "policy p") -> tuple[Grant, ...]:
    return tuple(Grant(source, item) for item in items)


@pytest.mark.parametrize(
    "action", ["*", "*:*", ["*"], ["*:*"], ["s3:GetObject", "*"], ["iam:*", "*:*"]]
)
def test_every_form_of_star_action_on_star_allows_everything(action: Any) -> None:
    assert allows_everything(stmt(Action=action, Resource="*"))


@pytest.mark.parametrize("resource", ["*", ["*"], "arn:*", "arn:aws:*", "arn:aws:*:*:*:*"])
def test_universal_resource_forms(resource: Any) -> None:
    assert covers_all_resources(stmt(Action="*", Resource=resource))
    assert allows_everything(stmt(Action="*", Resource=resource))


@pytest.mark.parametrize(
    "fields",
    [
        {"Action": "iam:*", "Resource": "*"},
        {"Action": "s3:*", "Resource": "*"},
        {"Action": "*", "Resource": "arn:aws:s3:::bucket/*"},
        {"Action": "*", "Resource": "arn:aws:iam::*"},
        {"NotAction": "iam:*", "Resource": "*"},
        {"NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*"},
        {"NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret"},
        {"NotAction": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:s3:::secret"},
    ],
)
def test_narrower_statements_do_not_allow_everything(fields: dict[str, Any]) -> None:
    assert not allows_everything(stmt(**fields))


@pytest.mark.parametrize(
    "fields",
    [
        # Every action on everything but one bucket: IAM included (AWS warns against it).
        {"Action": "*", "NotResource": "arn:aws:s3:::secret"},
        {"Action": ["*:*"], "NotResource": ["arn:aws:iam::1:user/root-like"]},
        # Every action but a harmless few: the holder can still grant itself those.
        {"NotAction": "aws-portal:ViewBilling", "Resource": "*"},
        {"NotAction": ["s3:*", "ec2:*"], "Resource": ["*"]},
        {"NotAction": ["iam:Delete*", "organizations:*"], "Resource": "*"},
        {"NotAction": "sts:AssumeRole", "NotResource": "arn:aws:s3:::secret"},
    ],
)
def test_everything_but_a_few_is_as_good_as_star_star(fields: dict[str, Any]) -> None:
    assert allows_everything(stmt(**fields))


def test_power_user_access_is_not_admin_but_near_everything_is() -> None:
    power_user = stmt(NotAction=["iam:*", "organizations:*", "account:*"], Resource="*")
    near_everything = stmt(NotAction=["aws-portal:ViewBilling"], Resource="*")
    assert not admin_access(grants(power_user)).is_admin
    assert admin_access(grants(near_everything)).is_admin


def test_conditions_do_not_hide_star_star() -> None:
    conditional = stmt(
        Action="*", Resource="*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    )
    assert allows_everything(conditional)
    assert full_access(grants(conditional)) == grants(conditional)


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("iam:CreateUser", True),
        ("IAM:createuser", True),  # IAM action names are case-insensitive
        ("iam:PutUserPolicy", False),
        ("s3:GetObject", False),
    ],
)
def test_allowed_string_and_wildcard_actions(action: str, expected: bool) -> None:
    policy = grants(stmt(Action="iam:Create*", Resource="*"))
    assert bool(allowed(policy, action)) is expected


def test_allowed_list_form_and_service_wildcard() -> None:
    policy = grants(stmt(Action=["s3:GetObject", "iam:*"], Resource=["*"]))
    assert allowed(policy, "iam:DeleteRole") == policy
    assert allowed(policy, "s3:GetObject") == policy
    assert allowed(policy, "s3:PutObject") == ()


def test_allowed_star_star_covers_any_action() -> None:
    policy = grants(stmt(Action="*:*", Resource="*"))
    assert allowed(policy, "ec2:RunInstances") == policy


def test_not_action_allows_everything_else() -> None:
    policy = grants(stmt(NotAction=["iam:*", "organizations:*"], Resource="*"))
    assert allowed(policy, "s3:DeleteBucket") == policy
    assert allowed(policy, "iam:CreateUser") == ()


def test_allowed_on_one_resource_needs_on_any_resource() -> None:
    policy = grants(stmt(Action="iam:PutUserPolicy", Resource="arn:aws:iam::1:user/bob"))
    assert allowed(policy, "iam:PutUserPolicy") == ()
    assert allowed(policy, "iam:PutUserPolicy", on_any_resource=True) == policy


def test_deny_overrides_allow() -> None:
    policy = grants(
        stmt(Action="*", Resource="*"), stmt(Effect="Deny", Action="iam:*", Resource="*")
    )
    assert allowed(policy, "iam:CreateUser") == ()
    assert allowed(policy, "s3:GetObject") == policy[:1]


def test_deny_with_not_action_overrides_everything_but_the_exceptions() -> None:
    policy = grants(
        stmt(Action="*", Resource="*"),
        stmt(Effect="Deny", NotAction="iam:ChangePassword", Resource="*"),
    )
    assert allowed(policy, "iam:CreateUser") == ()
    assert allowed(policy, "iam:ChangePassword") == policy[:1]


@pytest.mark.parametrize(
    "deny",
    [
        {"Action": "iam:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "x"}}},
        {"Action": "iam:*", "Resource": "arn:aws:iam::1:user/bob"},
        {"Action": "iam:*", "NotResource": "arn:aws:iam::1:user/bob"},
    ],
)
def test_deny_that_may_not_apply_does_not_withdraw(deny: dict[str, Any]) -> None:
    policy = grants(stmt(Action="*", Resource="*"), stmt(Effect="Deny", **deny))
    assert allowed(policy, "iam:CreateUser") == policy[:1]


def test_admin_is_allow_everything_without_wholesale_deny() -> None:
    admin = stmt(Action="*", Resource="*")
    assert admin_access(grants(admin)).is_admin
    assert not admin_access(grants(stmt(Action="iam:*", Resource="*"))).is_admin
    assert not admin_access(grants(stmt(NotAction="iam:*", Resource="*"))).is_admin


def test_admin_narrowed_by_a_specific_deny_is_still_admin() -> None:
    narrow = stmt(Effect="Deny", Action="s3:DeleteBucket", Resource="*")
    access = admin_access(grants(stmt(Action="*", Resource="*"), narrow))
    assert access.is_admin
    assert [g.statement for g in access.narrowed_by] == [narrow]


@pytest.mark.parametrize(
    "deny",
    [
        {"Action": "*", "Resource": "*"},
        {"NotAction": ["iam:ChangePassword"], "Resource": "*"},
        {"NotAction": ["iam:ChangePassword", "iam:Get*", "sts:GetCallerIdentity"], "Resource": "*"},
    ],
)
def test_admin_withdrawn_by_a_deny_of_everything(deny: dict[str, Any]) -> None:
    access = admin_access(grants(stmt(Action="*", Resource="*"), stmt(Effect="Deny", **deny)))
    assert not access.is_admin
    assert access.withdrawn_by


@pytest.mark.parametrize(
    "not_action",
    [
        "iam:*",  # everything but IAM is denied: the user can make itself admin again
        "*",  # denies nothing at all
        "iam:AttachUserPolicy",
        "sts:AssumeRole",  # can still take on a role that is an administrator
        ["iam:ChangePassword", "iam:CreateAccessKey"],
    ],
)
def test_deny_not_action_leaving_a_way_back_does_not_withdraw(not_action: Any) -> None:
    deny = stmt(Effect="Deny", NotAction=not_action, Resource="*")
    access = admin_access(grants(stmt(Action="*", Resource="*"), deny))
    assert access.is_admin
    assert [g.statement for g in access.narrowed_by] == [deny]


def test_admin_with_conditional_deny_all_is_still_admin() -> None:
    conditional = stmt(
        Effect="Deny",
        Action="*",
        Resource="*",
        Condition={"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    )
    access = admin_access(grants(stmt(Action="*", Resource="*"), conditional))
    assert access.is_admin
    assert access.narrowed_by


def test_iam_edit_rights_of_iam_full_access_cover_every_checked_action() -> None:
    rights = iam_edit_rights(grants(stmt(Action="iam:*", Resource="*")))
    assert set(rights) == set(IAM_EDIT_ACTIONS)


def test_iam_edit_rights_of_prefix_wildcards() -> None:
    rights = iam_edit_rights(grants(stmt(Action=["iam:Put*", "iam:Get*"], Resource="*")))
    assert set(rights) == {
        "iam:PutAccountProperties",  # a Write in AWS's data: IAM's account-level settings
        "iam:PutGroupPolicy",
        "iam:PutRolePermissionsBoundary",
        "iam:PutRolePolicy",
        "iam:PutUserPermissionsBoundary",
        "iam:PutUserPolicy",
    }


@pytest.mark.parametrize(
    "action", ["iam:Get*", "iam:List*", "iam:ChangePassword", "iam:CreateServiceLinkedRole"]
)
def test_reads_and_self_service_are_not_edit_rights(action: str) -> None:
    assert iam_edit_rights(grants(stmt(Action=action, Resource="*"))) == {}


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:iam::*:user/${aws:username}",
        "arn:aws:iam::123456789012:user/${aws:username}",
        "arn:aws-us-gov:iam::*:user/${aws:username}",
        "arn:aws:iam::*:user/*/${aws:username}",  # the caller's name, in any path
        "arn:aws:iam::*:user/division/team/${aws:username}",
        "arn:aws:iam::*:user/${aws:UserName}",  # variable names are case-insensitive
        "arn:aws:iam::*:mfa/${aws:username}",
    ],
)
def test_own_user_resources_are_self_service(resource: str) -> None:
    keys = stmt(Action=["iam:CreateAccessKey", "iam:UpdateLoginProfile"], Resource=resource)
    assert iam_edit_rights(grants(keys)) == {}


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:iam::*:user/${aws:username}*",  # bob also reaches bob-admin
        "arn:aws:iam::*:user/${aws:username}?",
        "arn:aws:iam::*:user/${aws:username}/*",
        "arn:aws:iam::*:user/*${aws:username}",  # alicebob for bob
        "arn:aws:iam::*:user/?${aws:username}",
        "arn:aws:iam::*:user/*",
        "arn:aws:iam::*:*/${aws:username}",
        ["arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::*:user/admin"],
    ],
)
def test_resources_reaching_other_users_are_not_self_service(resource: Any) -> None:
    keys = stmt(Action=["iam:CreateAccessKey", "iam:UpdateLoginProfile"], Resource=resource)
    assert set(iam_edit_rights(grants(keys))) == {"iam:CreateAccessKey", "iam:UpdateLoginProfile"}


def test_self_scoped_credentials_are_self_service_but_policies_are_not() -> None:
    own = "arn:aws:iam::*:user/${aws:username}"
    keys = stmt(Action=["iam:CreateAccessKey", "iam:PutUserPolicy"], Resource=own)
    assert set(iam_edit_rights(grants(keys))) == {"iam:PutUserPolicy"}
    anyones = stmt(Action="iam:CreateAccessKey", Resource="*")
    assert set(iam_edit_rights(grants(anyones))) == {"iam:CreateAccessKey"}


def test_iam_edit_rights_respect_deny() -> None:
    policy = grants(
        stmt(Action="*", Resource="*"), stmt(Effect="Deny", Action="iam:*", Resource="*")
    )
    assert iam_edit_rights(policy) == {}


def test_pass_role_on_one_role_counts() -> None:
    policy = grants(stmt(Action="iam:PassRole", Resource="arn:aws:iam::1:role/app"))
    assert set(iam_edit_rights(policy)) == {"iam:PassRole"}


def test_by_source_groups_actions_per_statement() -> None:
    one = grants(stmt(Action="iam:Put*", Resource="*"), source="a")
    two = grants(stmt(Action="iam:PutUserPolicy", Resource="*"), source="b")
    pairs = by_source(iam_edit_rights(one + two))
    assert [(g.source, "iam:PutUserPolicy" in actions) for g, actions in pairs] == [
        ("a", True),
        ("b", True),
    ]
    assert len(pairs[0][1]) == 6  # iam:Put* matches six IAM writes in AWS's data


def test_statements_keep_each_source() -> None:
    first, second = stmt(Action="s3:*", Resource="*"), stmt(Action="ec2:*", Resource="*")
    flat = statements([PolicyGrant("x", (first, second)), PolicyGrant("y", (first,))])
    assert [(g.source, g.statement) for g in flat] == [("x", first), ("x", second), ("y", first)]


@pytest.mark.parametrize(
    ("arn", "expected"),
    [
        ("arn:aws:iam::aws:policy/AWSSupportAccess", True),
        ("arn:aws-us-gov:iam::aws:policy/AWSSupportAccess", True),
        ("arn:aws:iam::123456789012:policy/AWSSupportAccess", False),
        ("arn:aws:iam::aws:policy/AWSSupportAccessX", False),
    ],
)
def test_is_aws_managed(arn: str, expected: bool) -> None:
    assert is_aws_managed(arn, "AWSSupportAccess") is expected


def test_holders_are_users_groups_and_roles() -> None:
    support = ("arn:aws:iam::aws:policy/AWSSupportAccess",)
    user = User("u", "arn:u", "/", {}, support)
    group = Group("g", "arn:g", "/", {}, support)
    role = Role("r", "arn:r", "/", {}, support)
    other = Role("o", "arn:o", "/", {}, ("arn:aws:iam::aws:policy/ReadOnlyAccess",))
    inventory = IamInventory((user,), (group,), (role, other), {})
    assert holders(inventory, "AWSSupportAccess") == (user, group, role)


def test_grants_of_a_user_in_an_unknown_group_cannot_be_read() -> None:
    user = User("u", "arn:u", "/", {}, (), groups=("admins",))
    inventory = IamInventory((user,), (), (), {})
    with pytest.raises(MissingField, match="user 'u' in group 'admins'"):
        inventory.grants(user)


def test_an_iam_action_unknown_to_aws_data_counts_as_an_edit_right() -> None:
    # Newer than the pinned data, or misspelt: it may be a write, so it is not ignored.
    rights = iam_edit_rights(grants(stmt(Action=["iam:GetRole", "iam:PutRoleFoo"], Resource="*")))
    assert set(rights) == {"iam:PutRoleFoo (not in AWS's data)"}


def test_an_unknown_iam_action_denied_outright_is_no_edit_right() -> None:
    deny = stmt(Effect="Deny", Action="iam:*", Resource="*")
    assert iam_edit_rights(grants(stmt(Action="iam:PutRoleFoo", Resource="*"), deny)) == {}


def test_unknown_actions_of_other_services_are_no_iam_edit_right() -> None:
    assert iam_edit_rights(grants(stmt(Action="s3:PutRoleFoo", Resource="*"))) == {}


@pytest.mark.parametrize("count", [10, 11])
def test_sample_bounds_a_list_and_says_how_many_there_are(count: int) -> None:
    items = [f"a{n}" for n in range(count)]
    text = sample(items)
    assert text.startswith("['a0', 'a1'")
    assert ("and 1 more (11 in all)" in text) is (count == 11)
    assert "'a10'" not in text


def aws_managed(name: str) -> tuple[Grant, ...]:
    """The statements of AWS's managed policy ``name``, as moto ships it."""
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    document = json.loads(aws_managed_policies_data)[name]["Document"]
    return grants(*parse_policy(document, name), source=name)


def test_read_only_access_grants_no_iam_edit_right_and_no_admin() -> None:
    read_only = aws_managed("ReadOnlyAccess")
    assert iam_edit_rights(read_only) == {}
    assert not admin_access(read_only).is_admin


def test_power_user_access_is_no_administrator_and_no_iam_editor() -> None:
    # NotAction iam:*, organizations:*, account:*; service-linked roles by design.
    power_user = aws_managed("PowerUserAccess")
    assert not admin_access(power_user).is_admin
    assert iam_edit_rights(power_user) == {}


def test_iam_full_access_may_edit_every_iam_write_and_administrator_access_is_admin() -> None:
    assert set(iam_edit_rights(aws_managed("IAMFullAccess"))) == set(IAM_EDIT_ACTIONS)
    assert admin_access(aws_managed("AdministratorAccess")).is_admin


def test_not_action_leaving_one_iam_write_of_aws_data_is_as_good_as_star() -> None:
    # iam:UpdateAccountEmailAddress, a Write in AWS's data that no hand-written list had:
    # the root user's email decides where its password reset goes.
    left = "iam:UpdateAccountEmailAddress"
    others = [action for action in IAM_EDIT_ACTIONS if action != left]
    assert allows_everything(stmt(NotAction=others, Resource="*"))
    assert not allows_everything(stmt(NotAction=[*others, left], Resource="*"))
