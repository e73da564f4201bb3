"""Object-level logging of read events is enabled for every S3 bucket (CIS 4.9)."""

from fixtures.aws.cloudtrail import BucketObjectLogging, expect_object_logging
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence

S3_OBJECT_READ_LOGGING = Control(
    id="cloudtrail/s3-object-read-logging",
    title="S3 Object-Level Logging For Read Events",
    category="CloudTrail",
    severity="medium",
    description=(
        "Ensures every S3 bucket of the account has its object-level read events"
        " (GetObject...) recorded by a CloudTrail trail that is logging."
    ),
    more_info=(
        "Only S3 data events show who read an object: without them a leak of a bucket's"
        " contents leaves no trace of who took what. A bucket counts as covered when a"
        " trail that is logging (cloudtrail:GetTrailStatus), covers the bucket's region"
        " (multi-region, or homed there) and records read data events of type"
        " AWS::S3::Object for every object of the bucket: a basic selector with"
        " ReadWriteType All or ReadOnly and the value arn:aws:s3 (all buckets) or"
        " arn:aws:s3:::BUCKET/, or an advanced selector on eventCategory Data and"
        " resources.type AWS::S3::Object whose resources.ARN conditions take in the whole"
        " bucket. A selector that records only some objects or events does not count, and"
        " the evidence says so. Buckets come from s3:ListBuckets and s3:GetBucketLocation."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html",
    recommended_action=(
        "Record S3 read data events for all buckets on a multi-region trail that is logging."
    ),
    remediation_steps=(
        "The evidence names each bucket whose object-level read events no logging trail"
        " records, by ARN and region, and the trails covering the others.",
        "In the CloudTrail console open a multi-region trail, choose Edit under Data events,"
        " add the data event type S3 with 'Log all events' or at least read events for all"
        " current and future buckets; or add to its advanced event selectors one with"
        " eventCategory Equals Data, resources.type Equals AWS::S3::Object and readOnly"
        " Equals true (aws cloudtrail put-event-selectors replaces all selectors: keep the"
        " others). Data events are charged per event: read events of busy buckets cost.",
        "Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("4.9",)},
)


@S3_OBJECT_READ_LOGGING
def test_s3_object_read_logging(
    bucket_object_logging: list[BucketObjectLogging], evidence: Evidence
) -> None:
    """A logging trail records the object-level read events of every bucket."""
    expect_object_logging(bucket_object_logging, "read", evidence)
