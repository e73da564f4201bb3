"""Every IAM group has at least one user."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

EMPTY_GROUPS = Control(
    id="iam/empty-groups",
    title="Empty Groups",
    category="IAM",
    severity="low",
    description="Ensures every IAM group has at least one user.",
    more_info=(
        "A group nobody belongs to does nothing today, but its policies are still there:"
        " whoever is added to it later, by mistake or by an attacker who may add users to"
        " groups, inherits them at once. Unused groups also clutter access reviews. Remove"
        " groups that are no longer needed."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_delete.html",
    recommended_action="Delete each group that has no users, or add the users it exists for.",
    remediation_steps=(
        "Read the failure message: it names each group without users and what it grants.",
        "Confirm with the group's owner that nobody should be in it.",
        "Open the IAM console, choose User groups, select the group and choose Delete (the"
        " console detaches its policies first).",
        "With the CLI, first remove its policies: aws iam detach-group-policy --group-name"
        " NAME --policy-arn ARN and aws iam delete-group-policy --group-name NAME"
        " --policy-name POLICY, then aws iam delete-group --group-name NAME.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/emptyGroups",)},
)


@EMPTY_GROUPS
def test_empty_groups(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """Each group has a member (membership as the users' group lists state it)."""
    violations = []
    for group in iam_inventory.groups:
        if iam_inventory.members(group):
            continue
        policies = [*group.attached_policy_arns, *(f"inline {n!r}" for n in group.inline_policies)]
        grants = f"policies: {', '.join(policies)}" if policies else "no policies"
        violations.append(f"{group.arn}: no users ({grants})")
    evidence.record("Groups", len(iam_inventory.groups))
    evidence.record("Groups without users", len(violations))
    expect_no_violations(violations)
