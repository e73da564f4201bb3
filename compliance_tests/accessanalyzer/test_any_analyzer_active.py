"""Every region has an active IAM Access Analyzer of any type (CloudSploit's plugin)."""

from fixtures.aws.access_analyzer import Analyzer, expect_qualifying_analyzer
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence

ANY_ANALYZER_ACTIVE = Control(
    id="accessanalyzer/any-analyzer-active",
    title="Access Analyzer Enabled",
    category="IAM",
    severity="medium",
    description="Ensures each region has an ACTIVE IAM Access Analyzer analyzer, of any type.",
    more_info=(
        "IAM Access Analyzer works per region and only sees that region's resources, so"
        " every region needs an analyzer for it to report anything there. This control is"
        " CloudSploit's accessAnalyzerEnabled, which counts an ACTIVE analyzer of any type:"
        " external, unused or internal access. CIS 2.18 asks for an external access analyzer"
        " in particular and is accessanalyzer/analyzer-enabled. The analyzers come from"
        " access-analyzer:ListAnalyzers without a type, every page."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html",
    recommended_action=(
        "Create an analyzer in every region; an external access analyzer also meets CIS 2.18."
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
        " accessanalyzer get-analyzer) and fix the cause or create a new one.",
        "Repeat for every region, then run this control again.",
    ),
    # CIS 2.18 counts external access analyzers only: accessanalyzer/analyzer-enabled.
    frameworks={"cloudsploit": ("accessanalyzer/accessAnalyzerEnabled",)},
    scope="region",
)


@ANY_ANALYZER_ACTIVE
def test_any_analyzer_active(
    access_analyzers: list[Analyzer], region: str, evidence: Evidence
) -> None:
    """At least one analyzer of the region, of any type, is ACTIVE."""
    active = [a for a in access_analyzers if a.active]
    evidence.record("Active analyzers", ", ".join(a.describe() for a in active) or 0)
    expect_qualifying_analyzer(access_analyzers, active, region, evidence, kind="analyzer")
