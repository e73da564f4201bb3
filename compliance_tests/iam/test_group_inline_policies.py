"""No IAM group has an inline policy."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

GROUP_INLINE_POLICIES = Control(
    id="iam/group-inline-policies",
    title="Group Inline Policies",
    category="IAM",
    severity="low",
    description="Ensures no IAM group has an inline policy; groups use managed policies only.",
    more_info=(
        "An inline policy lives inside one group: it has no version history, cannot be"
        " reused, and does not show up when you review the account's policies. A managed"
        " policy can be versioned, rolled back, attached wherever the same access is needed"
        " and reviewed in one place."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
    recommended_action=(
        "Turn each group inline policy into a customer-managed policy, attach it to the"
        " group and delete the inline policy."
    ),
    remediation_steps=(
        "Read the failure message: it names each group and inline policy.",
        "Open the IAM console, choose User groups, open the group and, on Permissions,"
        " open the inline policy and copy its JSON.",
        "Choose Policies, then Create policy, paste the JSON on the JSON tab and create it."
        " With the CLI: aws iam create-policy --policy-name NAME --policy-document"
        " file://policy.json.",
        "Attach the new policy to the group: aws iam attach-group-policy --group-name"
        " GROUP --policy-arn ARN.",
        "Delete the inline policy: aws iam delete-group-policy --group-name GROUP"
        " --policy-name POLICY.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/groupInlinePolicies",)},
)


@GROUP_INLINE_POLICIES
def test_group_inline_policies(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """No group carries an inline policy."""
    violations = [
        f"{group.arn}: inline policy {name!r}"
        for group in iam_inventory.groups
        for name in group.inline_policies
    ]
    evidence.record("Groups", len(iam_inventory.groups))
    evidence.record(
        "Groups with inline policies", sum(1 for g in iam_inventory.groups if g.inline_policies)
    )
    expect_no_violations(violations)
