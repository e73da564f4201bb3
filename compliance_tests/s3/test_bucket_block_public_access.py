"""S3 Block Public Access is enabled for every bucket (CIS 3.1.4)."""

from fixtures.aws.s3 import BLOCK_FLAGS, PublicAccessBlocks, RegionBuckets
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

BUCKET_BLOCK_PUBLIC_ACCESS = Control(
    id="s3/bucket-block-public-access",
    title="S3 Block Public Access Enabled",
    category="S3",
    severity="high",
    description=(
        "Ensures all four S3 Block Public Access settings apply to every bucket: on the"
        " account (s3:GetAccountPublicAccessBlock), or else on the bucket itself."
    ),
    more_info=(
        "Block Public Access overrides bucket policies and ACLs that would open a bucket or"
        " its objects to the world: BlockPublicAcls and IgnorePublicAcls for ACLs,"
        " BlockPublicPolicy and RestrictPublicBuckets for bucket policies. Set on the"
        " account, the four settings cover every bucket, present and future; that passes"
        " every bucket. Otherwise S3 applies, setting by setting, the account's or the"
        " bucket's, whichever is on: a bucket passes when each of the four is on for the"
        " account or for the bucket, and fails naming the settings off at both levels. Each"
        " bucket is judged in the result of the region it lives in."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    recommended_action=(
        "Turn on all four Block Public Access settings for the account, or for each bucket"
        " that must stay outside it."
    ),
    remediation_steps=(
        "The evidence names the account's settings and each bucket by ARN with the settings"
        " off on both the account and the bucket.",
        "Check that no bucket must be public (static websites are better served through"
        " CloudFront with origin access control).",
        "In the S3 console choose Block Public Access settings for this account, Edit, tick"
        " Block all public access and save; or run aws s3control put-public-access-block"
        " --account-id ACCOUNT --public-access-block-configuration BlockPublicAcls=true,"
        "IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true.",
        "Where the account's setting must stay off, set the four on each bucket: aws s3api"
        " put-public-access-block --bucket BUCKET --public-access-block-configuration with"
        " the same four settings.",
        "Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("3.1.4",), "cloudsploit": ("s3/bucketPublicAccessBlock",)},
    scope="region",
)


@BUCKET_BLOCK_PUBLIC_ACCESS
def test_bucket_block_public_access(
    s3_buckets: RegionBuckets, s3_public_access_blocks: PublicAccessBlocks, evidence: Evidence
) -> None:
    """Each of the four settings is on for the account, or for the bucket."""
    blocks = s3_public_access_blocks
    if blocks.buckets is None:
        evidence.record(
            "Decided by",
            f"the account's four settings, all true: every bucket ({len(s3_buckets.buckets)}"
            f" in {s3_buckets.region}) is covered",
        )
        expect_no_violations([])
        return
    account_off = set(blocks.account_off)
    violations = []
    for bucket, own in blocks.buckets:
        off_both = [name for name in BLOCK_FLAGS if name in account_off and name in own.off]
        if off_both:
            bucket_setting = "" if own.configured else " (the bucket has no setting)"
            violations.append(
                f"{bucket.arn}: {', '.join(off_both)} off on both the account and the"
                f" bucket{bucket_setting}"
            )
    evidence.record("Account's settings off", ", ".join(sorted(account_off)))
    evidence.record("Buckets with a setting off at both levels", len(violations))
    expect_no_violations(violations)
