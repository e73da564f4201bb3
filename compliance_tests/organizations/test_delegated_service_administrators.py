"""Integrated security services are administered from delegated member accounts."""

from fixtures.aws.organizations import (
    NOT_IN_ORGANIZATION,
    DelegatedAdministrator,
    Organization,
)
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

# Security services that integrate with Organizations and support a delegated administrator.
DELEGATED_ADMIN_SERVICES = (
    "access-analyzer.amazonaws.com",
    "auditmanager.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "config.amazonaws.com",
    "detective.amazonaws.com",
    "fms.amazonaws.com",
    "guardduty.amazonaws.com",
    "inspector2.amazonaws.com",
    "macie.amazonaws.com",
    "securityhub.amazonaws.com",
    "securitylake.amazonaws.com",
    "sso.amazonaws.com",
)

DELEGATED_SERVICE_ADMINISTRATORS = Control(
    id="organizations/delegated-service-administrators",
    title="Delegated Administrators For Integrated Services",
    category="Organizations",
    severity="medium",
    description=(
        "Ensures every listed security service that has trusted access to the organization"
        " has a delegated administrator, so it is run from a member account rather than from"
        " the management account."
    ),
    more_info=(
        "Services such as GuardDuty, Security Hub, IAM Access Analyzer or IAM Identity Center"
        " work across the organization once they have trusted access. Without a delegated"
        " administrator their organization-wide configuration lives in the management"
        " account, and the security team needs access there to operate them. Registering a"
        " dedicated security or audit account as administrator keeps daily operation out of"
        " the management account and under the organization's guardrails."
    ),
    aws_link="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_integrate_delegated_admin.html",
    recommended_action=(
        "Register a dedicated member account as delegated administrator for every integrated"
        " security service the evidence lists without one."
    ),
    remediation_steps=(
        "Choose the member account that will operate the security services (for example a"
        " security tooling or audit account).",
        "Sign in to the management account and, for each service the evidence names, open"
        " the service's console and designate that account as its delegated administrator"
        " (GuardDuty, Security Hub, Inspector, Macie, Detective and IAM Access Analyzer each"
        " have a Delegated administrator setting).",
        "Or with the CLI: aws organizations register-delegated-administrator --account-id"
        " 111122223333 --service-principal guardduty.amazonaws.com (some services require"
        " their own API, such as aws guardduty enable-organization-admin-account).",
        "Run this control again against the management account; change the"
        " delegated_admin_services setting if a service should be left out.",
    ),
    frameworks={"cis-aws-7.0": ("2.1.6",)},
    settings={
        "delegated_admin_services": Setting(
            DELEGATED_ADMIN_SERVICES,
            "service principals that must have a delegated administrator once they have"
            " trusted access to the organization",
        ),
    },
)


@DELEGATED_SERVICE_ADMINISTRATORS
def test_delegated_service_administrators(
    organization: Organization,
    trusted_services: tuple[str, ...] | None,
    delegated_administrators: tuple[DelegatedAdministrator, ...] | None,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Each service of the setting with trusted access has a delegated administrator.

    An account outside any organization has no integrated services to delegate: the
    recommendation does not apply, and the evidence says so.
    """
    if trusted_services is None or delegated_administrators is None:
        evidence.record("Applies", NOT_IN_ORGANIZATION)
        return
    required = set(settings.texts("delegated_admin_services"))
    delegated = {
        service: [
            admin.account_id for admin in delegated_administrators if service in admin.services
        ]
        for service in trusted_services
    }
    evidence.record(
        "Trusted services and their delegated administrators",
        "\n".join(
            f"{service}: {', '.join(admins) or 'none (run from the management account)'}"
            for service, admins in delegated.items()
        )
        or "no service has trusted access",
    )
    checked = sorted(service for service in trusted_services if service in required)
    evidence.record(
        "Checked (in the setting and with trusted access)", ", ".join(checked) or "none"
    )
    expect_no_violations(
        [
            f"organization {organization.id}: {service} has trusted access but no delegated"
            f" administrator; it is administered from the management account"
            f" {organization.management_account_id}"
            for service in checked
            if not delegated[service]
        ]
    )
