"""A support role exists: an IAM role people assume to manage cases with AWS Support."""

from fixtures.analysis.iam_model import Group, IamInventory, Role, User
from fixtures.analysis.iam_permissions import holders
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

SUPPORT_ACCESS = "AWSSupportAccess"

SUPPORT_ROLE = Control(
    id="iam/support-role",
    title="Support Role Exists",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the AWS-managed policy AWSSupportAccess is attached directly to at least one"
        " IAM role that is not service-linked, so incidents can be raised with AWS Support"
        " through a role made for it. Users and groups holding the policy are listed as"
        " evidence but do not satisfy the check."
    ),
    more_info=(
        "During an incident the people handling it must be able to open and follow AWS"
        " Support cases without borrowing an administrator's or the root user's access."
        " A dedicated role with AWSSupportAccess gives them exactly that, for as long as they"
        " assume it, and works the same for IAM users, federated and IAM Identity Center"
        " users. Granting the policy to individual users or groups instead ties support"
        " access to long-lived identities, and a service-linked role belongs to an AWS"
        " service that no person can assume: neither counts as a support role. This"
        " control is CIS 2.15; CloudSploit's iamSupportPolicy, which any attachment"
        " satisfies, is iam/support-policy."
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
        "Where the evidence shows AWSSupportAccess on users or groups, have those people use"
        " the role instead and then detach the policy from them.",
        "Run this control again.",
    ),
    # CloudSploit's iamSupportPolicy counts users and groups too: iam/support-policy.
    frameworks={"cis-aws-7.0": ("2.15",)},
)


@SUPPORT_ROLE
def test_support_role(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """AWSSupportAccess is attached directly to a role that people can assume (one that is
    not service-linked); users, groups and service-linked roles holding it are recorded
    but do not count (CIS 2.15 asks for a support role)."""
    holding = holders(iam_inventory, SUPPORT_ACCESS)
    roles = [p.arn for p in holding if isinstance(p, Role) and not p.service_linked]
    not_counted = {
        "user(s)": [p.arn for p in holding if isinstance(p, User)],
        "group(s)": [p.arn for p in holding if isinstance(p, Group)],
        # Owned by an AWS service, whose trust policy no person can be added to.
        "service-linked role(s)": [
            p.arn for p in holding if isinstance(p, Role) and p.service_linked
        ],
    }
    evidence.record(f"{SUPPORT_ACCESS} attached to roles", ", ".join(roles) or "none")
    for what, arns in not_counted.items():
        if arns:
            evidence.record(f"{SUPPORT_ACCESS} on {what} (not counted)", ", ".join(arns))
    if roles:
        return
    found = "; ".join(f"{what} {', '.join(arns)}" for what, arns in not_counted.items() if arns)
    expect_no_violations(
        [
            f"arn:aws:iam::aws:policy/{SUPPORT_ACCESS} is attached to no IAM role that is not"
            " service-linked: the account has no support role for managing AWS Support cases"
            + (f" (it is attached only to {found})" if found else "")
        ]
    )
