"""iam/iam-master-manager-roles against moto."""

from __future__ import annotations

from typing import Any

from fixtures.analysis import iam_actions
from tests.conftest import ACCOUNT_ID, REPO, Suite
from tests.controls.policy_scenarios import document

CONTROL = "iam/test_iam_master_manager_roles.py"
CASE = "test_iam_master_manager_roles[prod]"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/"
MASTER = [
    "iam:CreateUser",
    "iam:DeleteUser",
    "iam:CreateGroup",
    "iam:DeleteGroup",
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:CreatePolicy",
    "iam:DeletePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeletePolicyVersion",
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
]
MANAGER = [
    "iam:AddUserToGroup",
    "iam:RemoveUserFromGroup",
    "iam:UpdateUser",
    "iam:UpdateGroup",
    "iam:PutUserPolicy",
    "iam:DeleteUserPolicy",
    "iam:DetachUserPolicy",
    "iam:PutGroupPolicy",
    "iam:DeleteGroupPolicy",
    "iam:AttachGroupPolicy",
    "iam:DetachGroupPolicy",
    "iam:DetachRolePolicy",
    "iam:UpdateAssumeRolePolicy",
]
PEOPLE = {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}


def allow(actions: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": "*"}


def deny(actions: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": actions, "Resource": "*"}


def create_role(
    suite: Suite, name: str, *statements: dict[str, Any], principal: Any = None
) -> None:
    iam = suite.client("iam")
    trust = {"Effect": "Allow", "Principal": principal or PEOPLE, "Action": "sts:AssumeRole"}
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=document(trust))
    if statements:
        iam.put_role_policy(
            RoleName=name, PolicyName="iam-admin", PolicyDocument=document(*statements)
        )


def create_master(suite: Suite) -> None:
    create_role(suite, "iam-master", allow([*MASTER, "iam:Get*", "iam:List*"]), deny(MANAGER))


def create_manager(suite: Suite) -> None:
    """The manager's permissions come from a customer-managed policy."""
    iam = suite.client("iam")
    create_role(suite, "iam-manager")
    arn = iam.create_policy(
        PolicyName="iam-manager", PolicyDocument=document(allow(MANAGER), deny(MASTER))
    )["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="iam-manager", PolicyArn=arn)


def test_master_and_manager_pass(suite: Suite) -> None:
    create_master(suite)
    create_manager(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["IAM master roles"] == "iam-master"
    assert decided["IAM manager roles"] == "iam-manager"


def test_actions_never_allowed_need_no_deny(suite: Suite) -> None:
    create_role(suite, "iam-master", allow(MASTER))
    create_role(suite, "iam-manager", allow(MANAGER))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_empty_account_fails_naming_both(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "no IAM master role: no role that people can assume is allowed all of" in run.output
    assert "no IAM manager role: no role that people can assume is allowed all of" in run.output
    assert "2 violation(s)" in run.output


def test_missing_manager_fails_naming_it(suite: Suite) -> None:
    create_master(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "no IAM manager role" in run.output
    assert "no IAM master role" not in run.output
    assert "allowed all of the 13 IAM manager actions and none of the 13 IAM master" in run.output
    assert "iam:AddUserToGroup" in run.evidence()[CASE]["decided_by"]["IAM manager actions"]


def test_iam_star_role_is_neither_and_named_as_near_miss(suite: Suite) -> None:
    create_role(suite, "iam-admin", allow("iam:*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}iam-admin has the IAM master permissions but is also allowed"
        " ['iam:AddUserToGroup'," in "\n".join(run.evidence()[CASE]["violations"])
    )
    assert f"{ROLE_ARN}iam-admin has the IAM manager permissions but is also allowed" in (
        "\n".join(run.evidence()[CASE]["violations"])
    )


def test_iam_star_with_denied_manager_actions_is_a_master(suite: Suite) -> None:
    create_role(suite, "iam-master", allow("iam:*"), deny(MANAGER))
    create_manager(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_conditional_deny_does_not_separate(suite: Suite) -> None:
    conditional = {**deny(MANAGER), "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    create_role(suite, "iam-master", allow("iam:*"), conditional)
    create_manager(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "no IAM master role" in run.output


def test_role_only_services_assume_does_not_count(suite: Suite) -> None:
    create_role(suite, "iam-bot", allow(MASTER), principal={"Service": "lambda.amazonaws.com"})
    create_manager(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}iam-bot has the IAM master permissions but only AWS services assume it"
        in "\n".join(run.evidence()[CASE]["violations"])
    )


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output


def test_every_required_action_is_an_iam_write_in_aws_data() -> None:
    source = (REPO / "compliance_tests" / CONTROL).read_text()
    for action in (*MASTER, *MANAGER):
        assert f'"{action}",' in source, action  # the control requires these very names
        assert iam_actions.writes(action) == (action,), action


def test_a_deny_on_an_every_arn_pattern_separates_like_star(suite: Suite) -> None:
    create_role(suite, "iam-master", allow("iam:*"), {**deny(MANAGER), "Resource": "arn:aws:*"})
    create_manager(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
