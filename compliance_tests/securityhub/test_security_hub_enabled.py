"""AWS Security Hub is enabled (CIS 5.16)."""

from fixtures.aws.securityhub import SecurityHub
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

SECURITY_HUB_ENABLED = Control(
    id="securityhub/security-hub-enabled",
    title="AWS Security Hub Enabled",
    category="Security Hub",
    severity="medium",
    description="Ensures AWS Security Hub is enabled in each region checked.",
    more_info=(
        "Security Hub gathers findings from GuardDuty, Inspector, Macie, IAM Access Analyzer"
        " and partner tools, and checks the account against security standards, in one"
        " place. It works per region, on that region's resources and findings, so each"
        " region is checked on its own: AWS answers DescribeHub with InvalidAccessException"
        " (not subscribed) where it is not enabled, which is a violation; a refusal by IAM"
        ' is "could not assess".'
    ),
    aws_link="https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-settingup.html",
    recommended_action=(
        "Enable Security Hub in each region named, ideally for every account from the"
        " organization's delegated administrator with central configuration."
    ),
    remediation_steps=(
        "The evidence says, per region, whether Security Hub is enabled and its hub ARN.",
        "In an organization, have the delegated administrator account enable Security Hub"
        " with central configuration for all accounts and regions.",
        "For a single account, open the Security Hub console in the region and choose"
        " Enable Security Hub; or run aws securityhub enable-security-hub --region REGION.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("5.16",), "cloudsploit": ("securityhub/securityHubEnabled",)},
    scope="region",
)


@SECURITY_HUB_ENABLED
def test_security_hub_enabled(security_hub: SecurityHub, evidence: Evidence) -> None:
    """DescribeHub describes a hub in the region."""
    violations = (
        []
        if security_hub.enabled
        else [f"AWS Security Hub is not enabled in {security_hub.region} (account not subscribed)"]
    )
    expect_no_violations(violations)
