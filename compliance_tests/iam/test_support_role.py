"""Someone in the account can manage cases with AWS Support."""

from fixtures.controls import Control
from fixtures.evidence import Evidence
from fixtures.iam_model import Group, IamInventory
from fixtures.iam_permissions import holders, kind
from fixtures.verdict import expect_no_violations

SUPPORT_ACCESS = "AWSSupportAccess"

SUPPORT_ROLE = Control(
    id="iam/support-role",
    title="Support Role Exists",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the AWS-managed policy AWSSupportAccess is attached to at least one IAM"
        " role, user, or group with members, so incidents can be raised with AWS Support."
    ),
    more_info=(
        "During an incident the people handling it must be able to open and follow AWS"
        " Support cases without borrowing an administrator's or the root user's access."
        " A dedicated role (or group) with AWSSupportAccess gives them exactly that. A group"
        " without members gives it to nobody, so it does not count."
    ),
    aws_link="https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html",
    recommended_action=(
        "Create an IAM role for incident responders, attach AWSSupportAccess to it and let"
        " the responders assume it."
    ),
    remediation_steps=(
        "Open the IAM console, choose Roles, then Create role.",
        "Choose AWS account as the trusted entity and name the account (or identity"
        " provider) your responders sign in from; require MFA if they are IAM users.",
        "On Add permissions, search for AWSSupportAccess, select it and finish creating the"
        " role. With the CLI: aws iam create-role --role-name support --assume-role-policy-"
        "document file://trust.json, then aws iam attach-role-policy --role-name support"
        " --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess.",
        "Tell the responders how to assume the role and test it by opening the Support Center.",
        "Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("2.15",), "cloudsploit": ("iam/iamSupportPolicy",)},
)


@SUPPORT_ROLE
def test_support_role(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """AWSSupportAccess reaches someone: a role, a user, or a group that has members."""
    holding = holders(iam_inventory, SUPPORT_ACCESS)
    empty_groups = [p for p in holding if isinstance(p, Group) and not iam_inventory.members(p)]
    effective = [p for p in holding if p not in empty_groups]
    evidence.record(
        f"{SUPPORT_ACCESS} attached to",
        ", ".join(f"{kind(p)} {p.arn}" for p in effective) or "no role, user or group",
    )
    if empty_groups:
        evidence.record(
            f"{SUPPORT_ACCESS} on groups without members",
            ", ".join(group.arn for group in empty_groups),
        )
    if effective:
        return
    unused = (
        f" (it is attached only to group(s) without members: "
        f"{', '.join(g.arn for g in empty_groups)})"
        if empty_groups
        else ""
    )
    expect_no_violations(
        [
            f"arn:aws:iam::aws:policy/{SUPPORT_ACCESS} is attached to no role, user or"
            f" group with members: nobody can manage AWS Support cases{unused}"
        ]
    )
