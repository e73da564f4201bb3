"""Every CloudTrail trail encrypts its log files with a KMS key (CIS 4.5)."""

from fixtures.aws.cloudtrail import TrailSettings
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.targets import ResolvedAccount

KMS_ENCRYPTION = Control(
    id="cloudtrail/kms-encryption",
    title="CloudTrail Logs Encrypted With KMS Keys",
    category="CloudTrail",
    severity="medium",
    description=(
        "Ensures every CloudTrail trail that applies to the checked regions encrypts the"
        " log files it delivers with a customer managed AWS KMS key (SSE-KMS)."
    ),
    more_info=(
        "Without a KMS key CloudTrail's log files are encrypted with S3-managed keys"
        " (SSE-S3): anyone who may read the bucket may read the logs. With SSE-KMS, reading"
        " a log file also needs kms:Decrypt on the trail's key, whose policy says who may;"
        " every use of the key is itself logged. CloudTrail accepts only customer managed"
        " keys for a trail, so a KmsKeyId in cloudtrail:DescribeTrails is such a key. Each"
        " trail is judged once (by ARN), whichever regions list it; an organization trail"
        " seen from a member account is named with the account that owns it."
    ),
    aws_link="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
    recommended_action="Configure every trail to encrypt its log files with a KMS key.",
    remediation_steps=(
        "The evidence names each trail without a KMS key, by ARN and home region.",
        "Create (or choose) a symmetric customer managed KMS key in the trail's home region"
        " whose key policy lets cloudtrail.amazonaws.com use it for the trail and lets the"
        " people who read the logs decrypt with it (the console's 'Create trail' or 'Edit'"
        " page can create one with such a policy).",
        "Open the trail in the CloudTrail console, choose Edit, enable 'Log file SSE-KMS"
        " encryption' and pick the key; or run aws cloudtrail update-trail --name ARN"
        " --kms-key-id KEY_ARN --region HOME_REGION.",
        "Run this control again.",
    ),
    frameworks={
        "cis-aws-7.0": ("4.5",),
        "cloudsploit": ("cloudtrail/cloudtrailEncryption",),
    },
)


@KMS_ENCRYPTION
def test_kms_encryption(
    trail_settings: list[TrailSettings], account: ResolvedAccount, evidence: Evidence
) -> None:
    """KmsKeyId is set on every trail."""
    violations = [
        f"{trail.arn}: no KmsKeyId, log files encrypted only with S3-managed keys (home"
        f" {trail.home_region}{trail.owner_note(account.account_id)})"
        for trail in trail_settings
        if not trail.kms_key_id
    ]
    evidence.record(
        "Trails encrypted with a KMS key",
        "; ".join(f"{t.arn}: {t.kms_key_id}" for t in trail_settings if t.kms_key_id) or "none",
    )
    expect_no_violations(violations)
