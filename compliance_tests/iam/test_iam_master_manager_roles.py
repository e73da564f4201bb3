"""IAM administration is split between an IAM master role and an IAM manager role."""

from fixtures.analysis.iam_model import IamInventory, Role
from fixtures.analysis.iam_trust import assumable_by_people
from fixtures.analysis.policy_documents import sample
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

# The two lists are the requirement itself (the split the control checks for), so they are
# written out; tests check each name is an IAM action in AWS's data, so a misspelt name
# cannot make a role unqualifiable unnoticed.
# Who defines identities and permissions: creates and deletes users, groups, roles and
# managed policies, and sets what roles may do.
MASTER_ACTIONS = (
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
)
# Who hands those out: group membership, user and group policies, role trust.
MANAGER_ACTIONS = (
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
)

IAM_MASTER_MANAGER_ROLES = Control(
    id="iam/iam-master-manager-roles",
    title="IAM Master And IAM Manager Roles",
    category="IAM",
    severity="high",
    description=(
        "Ensures the account has an IAM master role and a separate IAM manager role. Master:"
        " a role people can assume that is allowed every one of "
        + ", ".join(MASTER_ACTIONS)
        + " and none of the manager actions. Manager: a role people can assume that is"
        " allowed every one of " + ", ".join(MANAGER_ACTIONS) + " and none of the master actions."
    ),
    more_info=(
        "Separating IAM administration into two roles means no single person can both create"
        " an identity or a policy and grant it to someone: the master defines users, groups,"
        " roles and policies, the manager assigns them. Abusing IAM then needs two people"
        " acting together (the split an earlier CIS AWS Foundations Benchmark recommended)."
        " A role counts when people (AWS principals or federated identities, not only AWS"
        " services) may assume it, when its inline and attached policies allow each required"
        " action on some resource (conditions such as MFA allowed) and when an action of the"
        " other role is either never allowed or denied on every resource without conditions."
        " Permissions boundaries and service control policies are not taken into account."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html",
    recommended_action=(
        "Create an IAM master role and an IAM manager role with the permissions this control"
        " lists, and let different people assume each."
    ),
    remediation_steps=(
        "Write a policy for the master role that allows the master actions the description"
        " lists (plus the iam:Get* and iam:List* reads the job needs) and explicitly denies"
        " the manager actions.",
        "Write a policy for the manager role that allows the manager actions (plus reads) and"
        " explicitly denies the master actions.",
        "Open the IAM console, choose Roles, then Create role; choose AWS account as the"
        " trusted entity and require MFA; attach the master policy and name the role (for"
        " example iam-master). Repeat for the manager role.",
        "Allow different groups of people to assume each role, and remove broad IAM"
        " permissions (iam:*) from everyone else.",
        "Run this control again: it passes once both roles exist.",
    ),
    frameworks={"cloudsploit": ("iam/iamMasterManagerRoles",)},
)


def _allowed(inventory: IamInventory, role: Role, actions: tuple[str, ...]) -> list[str]:
    """The ``actions`` the role's own policies allow and do not deny outright."""
    statements = [s for grant in inventory.grants(role) for s in grant.statements]
    return [
        action
        for action in actions
        if any(s.allows and s.covers_action(action) for s in statements)
        and not any(
            not s.allows and not s.conditions and s.all_resources and s.covers_action(action)
            for s in statements
        )
    ]


def _find(
    inventory: IamInventory, kind: str, required: tuple[str, ...], excluded: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """Roles that qualify as ``kind``, and why each near miss does not."""
    found, near = [], []
    for role in inventory.roles:
        if role.service_linked or _allowed(inventory, role, required) != list(required):
            continue
        extra = _allowed(inventory, role, excluded)
        if extra:
            near.append(
                f"{role.arn} has the {kind} permissions but is also allowed {sample(extra)}"
            )
        elif not assumable_by_people(role.trust_statements):
            near.append(f"{role.arn} has the {kind} permissions but only AWS services assume it")
        else:
            found.append(role.name)
    return found, near


@IAM_MASTER_MANAGER_ROLES
def test_iam_master_manager_roles(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """At least one role qualifies as IAM master and another as IAM manager."""
    masters, near_masters = _find(iam_inventory, "IAM master", MASTER_ACTIONS, MANAGER_ACTIONS)
    managers, near_managers = _find(iam_inventory, "IAM manager", MANAGER_ACTIONS, MASTER_ACTIONS)
    evidence.record("IAM master roles", ", ".join(masters) or "none")
    evidence.record("IAM manager roles", ", ".join(managers) or "none")
    # The two lists define the roles; a violation counts them, the evidence lists them.
    evidence.record("IAM master actions", ", ".join(MASTER_ACTIONS))
    evidence.record("IAM manager actions", ", ".join(MANAGER_ACTIONS))
    violations = []
    for kind, roles, near, required, excluded in (
        ("master", masters, near_masters, MASTER_ACTIONS, MANAGER_ACTIONS),
        ("manager", managers, near_managers, MANAGER_ACTIONS, MASTER_ACTIONS),
    ):
        if roles:
            continue
        reason = f"; near misses: {'; '.join(near)}" if near else ""
        other = "manager" if kind == "master" else "master"
        violations.append(
            f"no IAM {kind} role: no role that people can assume is allowed all of the"
            f" {len(required)} IAM {kind} actions and none of the {len(excluded)} IAM {other}"
            f" actions (both lists are in the evidence){reason}"
        )
    expect_no_violations(violations)
