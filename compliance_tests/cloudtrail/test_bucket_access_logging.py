"""The S3 bucket CloudTrail delivers to has server access logging enabled (CIS 4.4)."""

from fixtures.aws.cloudtrail import TrailBucket
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

BUCKET_ACCESS_LOGGING = Control(
    id="cloudtrail/bucket-access-logging",
    title="CloudTrail S3 Bucket Access Logging Enabled",
    category="CloudTrail",
    severity="medium",
    description=(
        "Ensures every S3 bucket a CloudTrail trail delivers its log files to has S3 server"
        " access logging enabled."
    ),
    more_info=(
        "Server access logs record every request made to the trail's bucket, including"
        " reads, deletions and failed attempts on the log files themselves: who looked at"
        " the audit trail, and who tried to remove it. Each bucket is read once with"
        " s3:GetBucketLogging in the region where it lives (s3:GetBucketLocation), however"
        " many trails deliver to it. A bucket of another account (a central log archive of"
        " the organization) is judged only if its owner lets the audit identity read its"
        " location and logging; otherwise it could not be assessed from this account: run"
        " the control in the account that owns it. A bucket that no longer exists is a"
        " violation: the trail delivers nowhere."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
    recommended_action=(
        "Enable server access logging on each bucket CloudTrail delivers to, to a separate bucket."
    ),
    remediation_steps=(
        "The evidence names each trail bucket without access logging, by ARN, with the"
        " trails that deliver to it.",
        "Create (or choose) a target bucket in the same region and account, different from"
        " the trail's bucket, whose bucket policy lets logging.s3.amazonaws.com write to it.",
        "In the S3 console open the trail's bucket, choose Properties, Server access logging,"
        " Edit, enable it and choose the target bucket and a prefix; or run aws s3api"
        " put-bucket-logging --bucket BUCKET --bucket-logging-status"
        ' \'{"LoggingEnabled":{"TargetBucket":"TARGET","TargetPrefix":"BUCKET/"}}\'.',
        "For a bucket of another account, do this in that account (or let the audit"
        " identity read s3:GetBucketLocation and s3:GetBucketLogging on it), then run this"
        " control again.",
    ),
    frameworks={
        "cis-aws-7.0": ("4.4",),
        "cloudsploit": ("cloudtrail/cloudtrailBucketAccessLogging",),
    },
)


@BUCKET_ACCESS_LOGGING
def test_bucket_access_logging(trail_buckets: list[TrailBucket], evidence: Evidence) -> None:
    """s3:GetBucketLogging shows LoggingEnabled on every bucket a trail delivers to."""
    violations = []
    for bucket in trail_buckets:
        delivered_by = ", ".join(bucket.trails)
        if bucket.unreadable is not None:
            continue  # named in the evidence by the fixture
        if not bucket.exists:
            violations.append(
                f"{bucket.arn}: does not exist (NoSuchBucket); trails: {delivered_by}"
            )
        elif bucket.logging_target is None:
            violations.append(
                f"{bucket.arn}: server access logging disabled (region {bucket.region});"
                f" trails: {delivered_by}"
            )
        else:
            evidence.record(f"Logging: {bucket.arn}", f"to {bucket.logging_target}")
    evidence.record("Trail buckets", len(trail_buckets))
    # (the fixture raises when an unread bucket leaves nothing proven)
    expect_no_violations(violations)
