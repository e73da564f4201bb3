"""IAM Access Analyzer findings are resolved or archived, not left active."""

from fixtures.aws.access_analyzer import Finding
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

ACTIVE_FINDINGS = Control(
    id="accessanalyzer/active-findings",
    title="Access Analyzer Active Findings",
    category="IAM",
    severity="high",
    description=(
        "Ensures no ACTIVE analyzer of a region has an ACTIVE finding; a region without an"
        " ACTIVE external access analyzer cannot be assessed."
    ),
    more_info=(
        "An active finding is access Access Analyzer found and nobody has yet dealt with: a"
        " resource shared outside the zone of trust, or (for unused-access analyzers) a"
        " role, key or permission nobody uses. Each one is either a mistake to fix or an"
        " intended exception to archive, so that a new finding stands out. A region where no"
        " external access analyzer is active has no findings because nobody is looking,"
        " which is not the same as having none: this control then reports that it could not"
        " assess the region, and accessanalyzer/analyzer-enabled reports the missing analyzer."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-work-with-findings.html",
    recommended_action=(
        "Review each active finding: remove access that is not intended, and archive (or"
        " write an archive rule for) access that is."
    ),
    remediation_steps=(
        "The evidence names each active finding: the resource, its type, the finding ID and"
        " the analyzer that reported it.",
        "Open the IAM console in the region named and choose Access analyzer, then the"
        " finding; it shows who has access and through which policy statement.",
        "If the access is not intended, change the resource's policy (bucket policy, key"
        " policy, role trust policy, ...) to remove it, then choose Rescan: the finding"
        " becomes Resolved.",
        "If it is intended, choose Archive, or create an archive rule that matches such"
        " findings (aws accessanalyzer create-archive-rule) so future ones are archived too.",
        "Run this control again for the region.",
    ),
    frameworks={"cloudsploit": ("accessanalyzer/accessAnalyzerActiveFindings",)},
    scope="region",
)


@ACTIVE_FINDINGS
def test_active_findings(access_analyzer_findings: list[Finding], evidence: Evidence) -> None:
    """No ACTIVE analyzer of the region reports an ACTIVE finding."""
    expect_no_violations([finding.describe() for finding in access_analyzer_findings])
