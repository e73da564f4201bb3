"""The root user must have no X.509 signing certificates."""

from fixtures.aws.credential_report import CredentialReportEntry
from fixtures.aws.iam import AccountSummary
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

ROOT_SIGNING_CERTIFICATES = Control(
    id="iam/root-signing-certificates",
    title="Root Signing Certificates",
    category="IAM",
    severity="low",
    description=(
        "Ensures the root user has no X.509 signing certificates: none active in the"
        " credential report and none at all in the account summary."
    ),
    more_info=(
        "X.509 signing certificates authenticate requests to a few older AWS interfaces"
        " (SOAP APIs, bundling instance-store AMIs). A certificate of the root user signs"
        " such requests with the root user's unlimited power, and IAM policies cannot"
        " restrict it. Work that still needs a certificate belongs to an IAM user with only"
        " the permissions it needs. The account summary (iam:GetAccountSummary"
        " AccountSigningCertificatesPresent) is live and decides; the credential report's"
        " root row, up to four hours old, only adds each certificate's dates."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSigningCertificate.html",
    recommended_action=(
        "Delete the root user's signing certificates; give any workload that still needs one"
        " an IAM user with least-privilege permissions."
    ),
    remediation_steps=(
        "Find what uses the certificate first: the evidence shows when each one was last"
        " rotated; move that workload to an IAM user's certificate or, better, to an IAM"
        " role.",
        "Sign in to the AWS Management Console as the root user of the account.",
        "Open the account menu at the top right and choose Security credentials.",
        "Under X.509 certificate, make each active certificate inactive, wait for"
        " failures, then delete it. With the root user's credentials on the CLI: aws iam"
        " list-signing-certificates, then aws iam delete-signing-certificate"
        " --certificate-id ID.",
        "Run this control again: it passes once the account summary reports no root certificates.",
        "Repeat for every account in the organization.",
    ),
    frameworks={"cloudsploit": ("iam/rootSigningCertificate",)},
)


@ROOT_SIGNING_CERTIFICATES
def test_root_signing_certificates(
    root_credentials: CredentialReportEntry, account_summary: AccountSummary, evidence: Evidence
) -> None:
    """The account summary (live) counts no root signing certificates at all, inactive
    ones included; the credential report's root row names them and their dates."""
    present = account_summary.root_signing_certificates_present
    violations = []
    for slot in (1, 2):
        active = root_credentials.flag(f"cert_{slot}_active")
        rotated = root_credentials.fields[f"cert_{slot}_last_rotated"]
        evidence.record(
            f"Root signing certificate {slot}",
            f"active={str(active).lower()}, last rotated {rotated}",
        )
        if active and present:
            violations.append(
                f"{root_credentials.arn}: signing certificate {slot} is active"
                f" (last rotated {rotated})"
            )
    evidence.record("AccountSigningCertificatesPresent", present)
    evidence.record("Decided by", "iam:GetAccountSummary AccountSigningCertificatesPresent (live)")
    if present:
        violations.append(
            f"{root_credentials.arn}: iam:GetAccountSummary reports"
            f" AccountSigningCertificatesPresent={present}; the root user has signing"
            " certificates (inactive ones count too)"
        )
    expect_no_violations(violations)
