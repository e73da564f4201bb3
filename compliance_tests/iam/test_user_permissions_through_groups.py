"""IAM users get their permissions from groups, never directly."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

USER_PERMISSIONS_THROUGH_GROUPS = Control(
    id="iam/user-permissions-through-groups",
    title="No User IAM Policies",
    category="IAM",
    severity="low",
    description="Ensures no IAM user has an inline policy or a directly attached managed policy.",
    more_info=(
        "Permissions granted to groups (or, better, to roles) are reviewed and revoked in one"
        " place. A policy on an individual user is easy to overlook when that person changes"
        " job, and it multiplies the places an auditor must read to know who can do what."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html",
    recommended_action=(
        "Move each user's policies to a group that reflects the job, add the user to it, and"
        " remove the policies from the user."
    ),
    remediation_steps=(
        "Open the IAM console and choose Users; the evidence names each user and policy.",
        "Create or choose a group whose purpose matches the permissions, and attach the same"
        " managed policy to it (turn inline policies into managed ones first).",
        "Add the user to that group.",
        "On the user's Permissions tab, remove each directly attached or inline policy.",
        "Check the user can still do the job, then run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("2.13",), "cloudsploit": ("iam/noUserIamPolicies",)},
)


@USER_PERMISSIONS_THROUGH_GROUPS
def test_user_permissions_through_groups(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """No user has an inline policy or a managed policy attached to the user itself."""
    violations = []
    for user in iam_inventory.users:
        for name in user.inline_policies:
            violations.append(f"{user.arn}: inline policy {name!r}")
        for arn in user.attached_policy_arns:
            violations.append(f"{user.arn}: managed policy {arn} attached directly")
    evidence.record("Users with policies of their own", len({v.split(": ")[0] for v in violations}))
    expect_no_violations(violations)
