"""Every region has an active IAM Access Analyzer for external access."""

from fixtures.aws.access_analyzer import Analyzer, expect_qualifying_analyzer
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence

ANALYZER_ENABLED = Control(
    id="accessanalyzer/analyzer-enabled",
    title="External Access Analyzer Enabled",
    category="IAM",
    severity="medium",
    description=(
        "Ensures each region has an ACTIVE IAM Access Analyzer analyzer of external access"
        " (type ACCOUNT or ORGANIZATION)."
    ),
    more_info=(
        "An external access analyzer reads the resource policies of S3 buckets, KMS keys,"
        " IAM role trust policies, queues, functions and more, and reports each one that"
        " lets someone outside the account (or organization) in. Without it, a bucket made"
        " public or a role trusted by an unknown account goes unseen until it is abused."
        " Analyzers work per region and only see that region's resources, so every region"
        " needs one. Analyzers of unused or internal access, and ones that are disabled,"
        " failed or still being created, do not count. An organization analyzer counts only"
        " in the account that owns it (the management or delegated administrator account)."
        " This control is CIS 2.18; CloudSploit's accessAnalyzerEnabled, which any ACTIVE"
        " analyzer satisfies, is accessanalyzer/any-analyzer-active."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html",
    recommended_action=(
        "Create an external access analyzer in every region: for the account, or for the"
        " organization from its delegated administrator account."
    ),
    remediation_steps=(
        "The evidence lists the region's analyzers with their type and status.",
        "Open the IAM console in the region named, choose Access analyzer, then Analyzer"
        " settings, then Create analyzer.",
        "Choose External access analysis, set the zone of trust to the account (or to the"
        " organization, from the delegated administrator account), name it and create it;"
        " or run aws accessanalyzer create-analyzer --analyzer-name NAME --type ACCOUNT"
        " --region REGION.",
        "If an analyzer exists but is DISABLED or FAILED, read its status reason (aws"
        " accessanalyzer get-analyzer): an organization analyzer needs trusted access for"
        " Access Analyzer enabled in AWS Organizations. Fix the cause or create a new one.",
        "Repeat for every region, then run this control again.",
    ),
    # CloudSploit's accessAnalyzerEnabled counts any type: accessanalyzer/any-analyzer-active.
    frameworks={"cis-aws-7.0": ("2.18",)},
    scope="region",
    in_all_regions=True,
)


@ANALYZER_ENABLED
def test_analyzer_enabled(
    access_analyzers: list[Analyzer], region: str, evidence: Evidence
) -> None:
    """At least one analyzer of the region is ACTIVE and of type ACCOUNT or ORGANIZATION."""
    enabled = [a for a in access_analyzers if a.active and a.external_access]
    evidence.record("Active external access analyzers", ", ".join(a.arn for a in enabled) or 0)
    expect_qualifying_analyzer(
        access_analyzers, enabled, region, evidence, kind="external access analyzer"
    )
