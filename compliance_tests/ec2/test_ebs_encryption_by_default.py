"""EBS encrypts new volumes by default, in every region."""

from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

EBS_ENCRYPTION_BY_DEFAULT = Control(
    id="ec2/ebs-encryption-by-default",
    title="EBS Encryption Enabled By Default",
    category="EC2",
    severity="medium",
    description=(
        "Ensures EBS encryption by default is enabled in every region, so each new EBS"
        " volume and snapshot copy is encrypted."
    ),
    more_info=(
        "With encryption by default, EC2 encrypts every new EBS volume, and every copy of an"
        " unencrypted snapshot, with the region's default KMS key, whoever creates it and"
        " however (console, API, Auto Scaling, AMI launch). Without it, each creator must"
        " remember to ask for encryption, and data at rest, snapshots and their copies can be"
        " left unencrypted. The setting is per region, and CIS asks for it in all regions:"
        " a region where it is off is a violation even with no volumes yet. Volumes that"
        " already exist keep their encryption state."
    ),
    aws_link="https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    recommended_action="Enable EBS encryption by default in every region.",
    remediation_steps=(
        "The evidence names each region where EbsEncryptionByDefault is false.",
        "Open the EC2 console in that region, choose Settings (Data protection and security),"
        " EBS encryption, Manage, select Enable and save; or run aws ec2"
        " enable-ebs-encryption-by-default --region REGION.",
        "Optionally set the default key with aws ec2 modify-ebs-default-kms-key-id"
        " (a customer managed key lets you control and audit its use).",
        "Encrypt existing unencrypted volumes by snapshotting them and creating encrypted"
        " volumes from the snapshots.",
        "Run this control again for the region.",
    ),
    frameworks={
        "cis-aws-7.0": ("6.1.1",),
        "cloudsploit": ("ec2/ebsDefaultEncryptionEnabled",),
    },
    scope="region",
    in_all_regions=True,
)


@EBS_ENCRYPTION_BY_DEFAULT
def test_ebs_encryption_by_default(ebs_encryption_by_default: bool, evidence: Evidence) -> None:
    """The region's EbsEncryptionByDefault is true."""
    region = evidence.target.region
    violations = (
        []
        if ebs_encryption_by_default
        else [f"{region}: EbsEncryptionByDefault=false (new EBS volumes are not encrypted)"]
    )
    expect_no_violations(violations)
