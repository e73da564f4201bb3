"""iam/admin-user-count (CloudSploit iam/iamUserAdmins) against moto."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.policy_scenarios import document, user_with_inline_policy

CONTROL = "iam/test_admin_user_count.py"
CASE = "test_admin_user_count[prod]"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
USER = f"arn:aws:iam::{ACCOUNT_ID}:user"


def make_admins(suite: Suite, *names: str) -> None:
    """Users made administrators through the 'admins' group."""
    iam = suite.client("iam")
    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn=ADMIN)
    for name in names:
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="admins", UserName=name)


def test_two_admins_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    make_admins(suite, "alice")
    user_with_inline_policy(
        suite,
        "bob",
        {"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]},
        policy="all",
    )
    iam.create_user(UserName="carol")  # IAM and everything but IAM: not *:*
    iam.attach_user_policy(UserName="carol", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")
    iam.attach_user_policy(UserName="carol", PolicyArn="arn:aws:iam::aws:policy/PowerUserAccess")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Administrator users"] == "2: alice, bob"
    assert decided["Setting iam_admin_count_minimum"] == "2 (default)"


def test_too_many_admins_fail_listing_each(suite: Suite) -> None:
    make_admins(suite, "alice", "bob", "carol")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    # One violation about the count (no single user is at fault), listing each admin.
    assert "1 violation(s)" in run.output
    assert "- 3 IAM users have administrative access, more than the maximum 2:" in run.output
    for name in ("alice", "bob", "carol"):
        assert (
            f"\n  {USER}/{name}: managed policy {ADMIN} attached to group 'admins' of user"
            f" '{name}' (Allow Action ['*'] on Resource ['*'])"
        ) in run.output


def test_too_few_admins_fail(suite: Suite) -> None:
    make_admins(suite, "alice")
    suite.client("iam").create_user(UserName="bob")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 IAM user(s) have administrative access, fewer than the minimum 2" in run.output
    assert f"{USER}/alice: managed policy {ADMIN}" in run.output


def test_users_without_admins_fail(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="bob")
    iam.attach_user_policy(UserName="bob", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "0 IAM user(s) have administrative access, fewer than the minimum 2" in run.output


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Applies"] == "no: the account has no IAM users"
    assert decided["Administrator users"] == "0"


@pytest.mark.parametrize(
    "deny",
    [
        {"Action": "*"},
        # Everything but changing one's own password: no IAM write or role left to use.
        {"NotAction": ["iam:ChangePassword", "iam:GetAccountPasswordPolicy"]},
    ],
)
def test_deny_of_everything_removes_an_admin(suite: Suite, deny: dict[str, Any]) -> None:
    make_admins(suite, "alice", "bob", "mallory")
    suite.client("iam").put_user_policy(
        UserName="mallory",
        PolicyName="quarantine",
        PolicyDocument=document({"Effect": "Deny", "Resource": "*", **deny}),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Administrator users"] == "2: alice, bob"
    assert (
        f"{USER}/mallory (withdrawn by inline policy 'quarantine'"
        in (decided["Users with *:* denied wholesale (not counted)"])
    )


def test_deny_of_some_actions_still_counts_and_is_noted(suite: Suite) -> None:
    make_admins(suite, "alice", "bob", "carol")
    suite.client("iam").put_user_policy(
        UserName="carol",
        PolicyName="no-delete",
        PolicyDocument=document({"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "3 IAM users have administrative access" in run.output
    assert (
        "narrowed by inline policy 'no-delete' of user 'carol' (Deny Action"
        " ['s3:DeleteBucket'] on Resource ['*'])"
    ) in run.output


@pytest.mark.parametrize(
    "not_action",
    [
        "iam:*",  # every IAM write left: carol can make herself an admin again
        "*",  # denies nothing at all
        "sts:AssumeRole",  # can still take on an administrator role
    ],
)
def test_deny_not_action_leaving_a_way_back_still_counts(suite: Suite, not_action: str) -> None:
    make_admins(suite, "alice", "bob", "carol")
    suite.client("iam").put_user_policy(
        UserName="carol",
        PolicyName="deny-most",
        PolicyDocument=document({"Effect": "Deny", "NotAction": not_action, "Resource": "*"}),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "3 IAM users have administrative access, more than the maximum 2" in run.output
    assert (
        f"{USER}/carol: managed policy {ADMIN} attached to group 'admins' of user 'carol'"
        f" (Allow Action ['*'] on Resource ['*']); narrowed by inline policy 'deny-most'"
    ) in run.output


def test_not_resource_and_near_everything_not_action_count(suite: Suite) -> None:
    make_admins(suite, "alice")
    user_with_inline_policy(
        suite,
        "mallory",
        {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::some-bucket"},
        policy="almost-all",
    )
    user_with_inline_policy(
        suite,
        "trent",
        {"Effect": "Allow", "NotAction": "aws-portal:ViewBilling", "Resource": "*"},
        policy="no-billing",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "3 IAM users have administrative access, more than the maximum 2" in run.output
    assert (
        f"{USER}/mallory: inline policy 'almost-all' of user 'mallory' (Allow Action ['*'] on"
        " NotResource ['arn:aws:s3:::some-bucket'])"
    ) in run.output
    assert f"{USER}/trent: inline policy 'no-billing'" in run.output


def test_power_user_is_not_counted(suite: Suite) -> None:
    make_admins(suite, "alice", "bob")
    iam = suite.client("iam")
    iam.create_user(UserName="dev")
    iam.attach_user_policy(UserName="dev", PolicyArn="arn:aws:iam::aws:policy/PowerUserAccess")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Administrator users"] == "2: alice, bob"


def test_settings_change_the_range(suite: Suite) -> None:
    make_admins(suite, "alice", "bob", "carol")
    suite.write_settings(iam_admin_count_minimum=1, iam_admin_count_maximum=3)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_minimum_above_maximum_cannot_assess(suite: Suite) -> None:
    make_admins(suite, "alice", "bob")
    suite.write_settings(iam_admin_count_minimum=3)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert run.verdicts() == {CASE: "could not assess"}
    assert "iam_admin_count_minimum (3) is above iam_admin_count_maximum (2)" in run.output


def test_admin_beyond_the_first_page_is_counted(suite: Suite) -> None:
    make_admins(suite, "alice", "bob")
    iam = suite.client("iam")
    for number in range(105):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}")
    iam.attach_user_policy(UserName="user-104", PolicyArn=ADMIN)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{USER}/user-104: managed policy {ADMIN} attached to user 'user-104'" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
