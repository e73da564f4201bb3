"""AWSSupportAccess is attached to some IAM identity (CloudSploit's iamSupportPolicy)."""

from fixtures.analysis.iam_model import Group, IamInventory, Role, User
from fixtures.analysis.iam_permissions import holders
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

SUPPORT_ACCESS = "AWSSupportAccess"

SUPPORT_POLICY = Control(
    id="iam/support-policy",
    title="IAM Support Policy",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the AWS-managed policy AWSSupportAccess is attached to at least one IAM"
        " user, group or role, so someone in the account can manage cases with AWS Support."
    ),
    more_info=(
        "During an incident the people handling it must be able to open and follow AWS"
        " Support cases without borrowing an administrator's or the root user's access."
        " This control is CloudSploit's iamSupportPolicy: any direct attachment of"
        " AWSSupportAccess counts, to a user, a group or a role of any kind. CIS 2.15 asks"
        " for more, a role people assume for it, and is iam/support-role. The attachments"
        " come from iam:GetAccountAuthorizationDetails, every page."
    ),
    aws_link="https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html",
    recommended_action=(
        "Attach AWSSupportAccess to the identity your incident responders use, preferably a"
        " role they assume."
    ),
    remediation_steps=(
        "Open the IAM console, choose Roles, then Create role (or open the group or role"
        " your responders already use).",
        "Choose AWS account as the trusted entity and name the account (or identity"
        " provider) your responders sign in from; require MFA if they are IAM users.",
        "On Add permissions, search for AWSSupportAccess, select it and finish. With the"
        " CLI: aws iam attach-role-policy --role-name support --policy-arn"
        " arn:aws:iam::aws:policy/AWSSupportAccess.",
        "Tell the responders how to reach it and test it by opening the Support Center.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamSupportPolicy",)},
)


@SUPPORT_POLICY
def test_support_policy(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """AWSSupportAccess is attached directly to at least one user, group or role (service-
    linked roles included), as iam:GetAccountAuthorizationDetails lists the attachments."""
    holding = holders(iam_inventory, SUPPORT_ACCESS)
    for what, kind in (("users", User), ("groups", Group), ("roles", Role)):
        arns = [p.arn for p in holding if isinstance(p, kind)]
        evidence.record(f"{SUPPORT_ACCESS} attached to {what}", ", ".join(arns) or "none")
    expect_no_violations(
        []
        if holding
        else [
            f"arn:aws:iam::aws:policy/{SUPPORT_ACCESS} is attached to no IAM user, group or"
            " role: nobody in the account can manage AWS Support cases through it"
        ]
    )
