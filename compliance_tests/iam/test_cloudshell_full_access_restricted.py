"""Nobody holds the AWS-managed AWSCloudShellFullAccess policy."""

from fixtures.analysis.iam_model import Group, IamInventory
from fixtures.analysis.iam_permissions import holders, is_aws_managed, kind
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

CLOUDSHELL_FULL_ACCESS = "AWSCloudShellFullAccess"

CLOUDSHELL_FULL_ACCESS_RESTRICTED = Control(
    id="iam/cloudshell-full-access-restricted",
    title="CloudShell Full Access Restricted",
    category="IAM",
    severity="high",
    description=(
        "Ensures the AWS-managed policy AWSCloudShellFullAccess is attached to no IAM user,"
        " group or role."
    ),
    more_info=(
        "AWSCloudShellFullAccess allows every CloudShell action, including uploading and"
        " downloading files and sharing the environment. A shell that already holds the"
        " user's credentials and can move files in and out of the browser is an easy path"
        " for data to leave the account, unnoticed by network controls. Those who need"
        " CloudShell should get a policy that leaves out file transfer."
    ),
    aws_link="https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html",
    recommended_action=(
        "Detach AWSCloudShellFullAccess from every user, group and role; where CloudShell is"
        " needed, grant a customer-managed policy that denies file upload and download."
    ),
    remediation_steps=(
        "Read the failure message: it names every user, group and role holding the policy.",
        "Create a customer-managed policy allowing cloudshell:* but denying"
        " cloudshell:GetFileUploadUrls and cloudshell:GetFileDownloadUrls, if CloudShell is"
        " still needed, and attach it to the same holders.",
        "Open the IAM console, choose Policies, open AWSCloudShellFullAccess and, on"
        " Entities attached, detach it from each holder. With the CLI: aws iam"
        " detach-user-policy / detach-group-policy / detach-role-policy --policy-arn"
        " arn:aws:iam::aws:policy/AWSCloudShellFullAccess.",
        "Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("2.20",), "cloudsploit": ("iam/cloudShellFullAccess",)},
)


@CLOUDSHELL_FULL_ACCESS_RESTRICTED
def test_cloudshell_full_access_restricted(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """AWSCloudShellFullAccess is attached to no user, group or role (empty groups too)."""
    holding = holders(iam_inventory, CLOUDSHELL_FULL_ACCESS)
    evidence.record(f"{CLOUDSHELL_FULL_ACCESS} attached to", len(holding))
    violations = []
    for principal in holding:
        arn = next(
            a for a in principal.attached_policy_arns if is_aws_managed(a, CLOUDSHELL_FULL_ACCESS)
        )
        # An empty group grants nobody today, but the next member gets it: still a finding.
        members = (
            f" ({len(iam_inventory.members(principal))} members)"
            if isinstance(principal, Group)
            else ""
        )
        violations.append(f"{principal.arn}: {arn} is attached to the {kind(principal)}{members}")
    expect_no_violations(violations)
