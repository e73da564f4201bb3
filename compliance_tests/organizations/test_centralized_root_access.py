"""Member accounts' root users are managed centrally from the organization."""

from fixtures.aws.organizations import NOT_IN_ORGANIZATION, Organization, RootAccessFeatures
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

IAM_PRINCIPAL = "iam.amazonaws.com"
REQUIRED_FEATURES = ("RootCredentialsManagement", "RootSessions")

CENTRALIZED_ROOT_ACCESS = Control(
    id="organizations/centralized-root-access",
    title="Centralized Root Access",
    category="Organizations",
    severity="high",
    description=(
        "Ensures the organization manages member accounts' root users centrally: IAM has"
        " trusted access, and root credentials management and privileged root sessions are"
        " both enabled."
    ),
    more_info=(
        "Every member account is born with a root user whose password, access keys and MFA"
        " devices are managed account by account, and often forgotten. With centralized root"
        " access the management account (or IAM's delegated administrator) can remove those"
        " long-lived credentials, stop new accounts from ever getting them, and still carry"
        " out the few tasks only root can do through short, audited sessions. Root access"
        " then depends on the organization's controls rather than on one password per account."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html#id_root-user-access-management",
    recommended_action=(
        "From the management account, enable trusted access for IAM and turn on both root"
        " credentials management and privileged root actions in member accounts."
    ),
    remediation_steps=(
        "Sign in to the management account with permission to administer IAM and AWS"
        " Organizations.",
        "Open the IAM console and choose Root access management in the navigation pane.",
        "Choose Enable, select Root credentials management and Privileged root actions in"
        " member accounts, and confirm; the console also enables trusted access for IAM.",
        "With the CLI: aws organizations enable-aws-service-access --service-principal"
        " iam.amazonaws.com, then aws iam enable-organizations-root-credentials-management and"
        " aws iam enable-organizations-root-sessions.",
        "Optionally register a security account as IAM's delegated administrator for these"
        " tasks, then delete the root credentials of existing member accounts from there.",
        "Run this control again against the management account.",
    ),
    frameworks={"cis-aws-7.0": ("2.1.1",)},
)


@CENTRALIZED_ROOT_ACCESS
def test_centralized_root_access(
    organization: Organization,
    trusted_services: tuple[str, ...] | None,
    root_access_features: RootAccessFeatures | None,
    evidence: Evidence,
) -> None:
    """IAM has trusted access and both centralized root access features are enabled.

    An account outside any organization has no member accounts to manage centrally: the
    recommendation does not apply, and the evidence says so.
    """
    if trusted_services is None or root_access_features is None:
        evidence.record("Applies", NOT_IN_ORGANIZATION)
        return
    subject = f"organization {organization.id}"
    violations = []
    if IAM_PRINCIPAL not in trusted_services:
        violations.append(f"{subject}: trusted access for {IAM_PRINCIPAL} is not enabled")
    missing = [f for f in REQUIRED_FEATURES if f not in root_access_features.enabled]
    if missing:
        why = (
            f" (iam:ListOrganizationsFeatures answered {root_access_features.off_reason})"
            if root_access_features.off_reason
            else f" (enabled: {', '.join(root_access_features.enabled) or 'none'})"
        )
        violations.append(f"{subject}: {', '.join(missing)} not enabled{why}")
    expect_no_violations(violations)
