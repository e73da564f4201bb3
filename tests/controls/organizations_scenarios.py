"""Organizations scenarios for the tests of the Organizations controls.

AWS refuses most organization-wide requests from member accounts; moto answers some of
them anyway. ``make_member_account`` therefore has the member's audit role denied those
actions, so the controls meet the same AccessDeniedException they meet in AWS.
"""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import ACCOUNT_ID, Suite

MANAGEMENT_ACCOUNT_ID = ACCOUNT_ID
MEMBER_ROLE = "OrganizationAccountAccessRole"  # moto creates it in every new member
# What AWS answers only in the management account and to delegated administrators.
ORGANIZATION_WIDE_ACTIONS = (
    "organizations:ListRoots",
    "organizations:ListOrganizationalUnitsForParent",
    "organizations:ListAccountsForParent",
    "organizations:ListPolicies",
    "organizations:ListTargetsForPolicy",
    "organizations:ListAWSServiceAccessForOrganization",
    "organizations:ListDelegatedAdministrators",
    "organizations:ListDelegatedServicesForAccount",
    "organizations:DescribeResourcePolicy",
    "organizations:DescribePolicy",
)


def create_organization(suite: Suite) -> tuple[str, str]:
    """An organization managed by the default account: (organization id, root id)."""
    organizations = suite.client("organizations")
    org_id = organizations.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root_id = organizations.list_roots()["Roots"][0]["Id"]
    return org_id, root_id


def create_account(suite: Suite, name: str, parent_id: str | None = None) -> str:
    """A new member account (moved under ``parent_id`` when given); its id."""
    organizations = suite.client("organizations")
    status = organizations.create_account(AccountName=name, Email=f"{name}@example.com")
    account_id: str = status["CreateAccountStatus"]["AccountId"]
    if parent_id is not None:
        root_id = organizations.list_roots()["Roots"][0]["Id"]
        organizations.move_account(
            AccountId=account_id, SourceParentId=root_id, DestinationParentId=parent_id
        )
    return account_id


def member_client(suite: Suite, account_id: str, service: str) -> Any:
    """A client acting in member account ``account_id`` (through its access role)."""
    credentials = suite.client("sts").assume_role(
        RoleArn=f"arn:aws:iam::{account_id}:role/{MEMBER_ROLE}", RoleSessionName="arrange"
    )["Credentials"]
    return suite.client(
        service, key=credentials["AccessKeyId"], secret=credentials["SecretAccessKey"]
    )


def make_member_account(suite: Suite, allowed: tuple[str, ...] = ()) -> str:
    """Check a member account of a new organization, as "member", whose audit role AWS-like
    refuses the organization-wide actions (except ``allowed``); its id."""
    create_organization(suite)
    member = create_account(suite, "member")
    denied = [action for action in ORGANIZATION_WIDE_ACTIONS if action not in allowed]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": denied or ["organizations:LeaveOrganization"],
                "Resource": "*",
            },
        ],
    }
    member_client(suite, member, "iam").put_role_policy(
        RoleName=MEMBER_ROLE, PolicyName="audit", PolicyDocument=json.dumps(policy)
    )
    suite.write_accounts(
        {"member": {"account_id": member, "role_arn": f"arn:aws:iam::{member}:role/{MEMBER_ROLE}"}}
    )
    suite.deny("organizations:LeaveOrganization")  # moto now enforces IAM, as AWS does
    return member
