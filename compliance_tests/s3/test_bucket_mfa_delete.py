"""MFA Delete is enabled on S3 buckets (CIS 3.1.2)."""

from fixtures.aws.s3 import BucketVersioning
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

BUCKET_MFA_DELETE = Control(
    id="s3/bucket-mfa-delete",
    title="S3 Buckets Have MFA Delete Enabled",
    category="S3",
    severity="medium",
    description=(
        "Ensures every S3 bucket has versioning enabled with MFA Delete, as"
        " s3:GetBucketVersioning reports it."
    ),
    more_info=(
        "With MFA Delete, deleting an object version for good or changing the bucket's"
        " versioning state needs the root user's MFA code as well as its credentials, so"
        " stolen credentials alone cannot destroy the bucket's history. MFA Delete works only"
        " with versioning enabled: a bucket whose versioning is suspended, or that was never"
        " versioned, fails whatever its MFA Delete says. CIS marks this recommendation"
        " manual, but s3:GetBucketVersioning reports both states, so it is checked. Each"
        " bucket is judged in the result of the region it lives in."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html",
    recommended_action=(
        "As the root user, with its MFA device, enable versioning and MFA Delete on each bucket."
    ),
    remediation_steps=(
        "The evidence names each bucket by ARN with its versioning and MFA Delete states.",
        "Sign in as the account's root user with the CLI (root access keys created for the"
        " purpose, deleted afterwards); the console cannot enable MFA Delete.",
        "Run aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration"
        " Status=Enabled,MFADelete=Enabled --mfa 'MFA_DEVICE_ARN CODE' for each bucket.",
        "Delete the root access keys, and run this control again for the bucket's region.",
    ),
    frameworks={"cis-aws-7.0": ("3.1.2",), "cloudsploit": ("s3/bucketMFADeleteEnabled",)},
    scope="region",
)


@BUCKET_MFA_DELETE
def test_bucket_mfa_delete(
    s3_bucket_versioning: list[BucketVersioning], evidence: Evidence
) -> None:
    """Every bucket of the region has versioning Enabled and MFADelete Enabled."""
    violations = [
        f"{item.bucket.arn}: versioning {item.status or 'never enabled'},"
        f" MFA Delete {item.mfa_delete or 'never enabled'}"
        for item in s3_bucket_versioning
        if not item.mfa_delete_enabled
    ]
    with_mfa = [item.bucket.arn for item in s3_bucket_versioning if item.mfa_delete_enabled]
    evidence.record("Buckets with MFA Delete enabled", ", ".join(with_mfa) or "none")
    evidence.record("Buckets without", len(violations))
    expect_no_violations(violations)
