"""All data in Amazon S3 has been discovered, classified and secured (CIS 3.1.3)."""

from fixtures.aws.macie import MacieSession
from fixtures.aws.s3 import RegionBuckets
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.inputs import AttestationCheck

DATA_CLASSIFICATION = Control(
    id="s3/data-classification",
    title="S3 Data Discovered, Classified and Secured",
    category="S3",
    severity="medium",
    description=(
        "Ensures the data in the account's S3 buckets has been discovered, classified and"
        " secured where needed; a person attests it, with each region's buckets and Amazon"
        " Macie's status as evidence."
    ),
    more_info=(
        "Protecting data starts with knowing where the sensitive data is. Amazon Macie"
        " discovers and classifies sensitive data in S3 (automated discovery and"
        " classification jobs), but whether every bucket's data has been classified, and"
        " secured to match, is a judgement: other tools or processes may do it, and a"
        " finding may be accepted. This control gathers, region by region, the buckets"
        " and whether Macie is enabled, and asks for an attestation. AWS answers"
        " AccessDeniedException both where Macie is not enabled and where the audit"
        " identity may not read it; the evidence says so, and either way the attestation"
        " decides."
    ),
    aws_link="https://docs.aws.amazon.com/macie/latest/user/data-classification.html",
    recommended_action=(
        "Enable Amazon Macie (or another discovery tool) in every region with buckets,"
        " review its findings, secure the data, then record an attestation in"
        " attestations.toml."
    ),
    remediation_steps=(
        "The evidence lists each region's buckets and Macie's status there.",
        "Enable Amazon Macie in each region with buckets (Macie console, Get started, Enable"
        " Macie; or aws macie2 enable-macie) and turn on automated sensitive data discovery,"
        " or run classification jobs over every bucket.",
        "Review the findings; restrict access to, encrypt or remove the sensitive data they"
        " reveal.",
        "Have the data owner add an [[attestation]] for this control and account to"
        " attestations.toml, with an expiry date for the next review.",
    ),
    frameworks={"cis-aws-7.0": ("3.1.3",)},
    scope="region",
)


@DATA_CLASSIFICATION
def test_data_classification(
    s3_buckets: RegionBuckets,
    macie_session: MacieSession | None,
    attestation: AttestationCheck,
    evidence: Evidence,
) -> None:
    """A person attests it; the region's buckets and Macie's status are the evidence."""
    attestation.require()
