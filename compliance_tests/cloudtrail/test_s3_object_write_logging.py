"""Object-level logging of write events is enabled for every S3 bucket (CIS 4.8)."""

from fixtures.aws.cloudtrail import BucketObjectLogging, expect_object_logging
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence

S3_OBJECT_WRITE_LOGGING = Control(
    id="cloudtrail/s3-object-write-logging",
    title="S3 Object-Level Logging For Write Events",
    category="CloudTrail",
    severity="medium",
    description=(
        "Ensures every S3 bucket of the account has its object-level write events"
        " (PutObject, DeleteObject...) recorded by a CloudTrail trail that is logging."
    ),
    more_info=(
        "Management events do not show who wrote, overwrote or deleted an object: only S3"
        " data events do. A bucket counts as covered when a trail that is logging"
        " (cloudtrail:GetTrailStatus), covers the bucket's region (multi-region, or homed"
        " there: CloudTrail records a data event in the bucket's region) and records write"
        " data events of type AWS::S3::Object for every object of the bucket: a basic"
        " selector with ReadWriteType All or WriteOnly and the value arn:aws:s3 (all"
        " buckets) or arn:aws:s3:::BUCKET/, or an advanced selector on eventCategory Data"
        " and resources.type AWS::S3::Object whose resources.ARN conditions take in the"
        " whole bucket. A selector that records only some objects or events (an object"
        " prefix, an eventName condition) does not count, and the evidence says so. Buckets"
        " come from s3:ListBuckets and s3:GetBucketLocation."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-cloudtrail-logging-for-s3.html",
    recommended_action=(
        "Record S3 write data events for all buckets on a multi-region trail that is logging."
    ),
    remediation_steps=(
        "The evidence names each bucket whose object-level write events no logging trail"
        " records, by ARN and region, and the trails covering the others.",
        "In the CloudTrail console open a multi-region trail, choose Edit under Data events,"
        " add the data event type S3 with 'Log all events' or at least write events for all"
        " current and future buckets; or run aws cloudtrail put-event-selectors"
        ' --trail-name NAME --advanced-event-selectors \'[{"Name":"Management",'
        '"FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},'
        '{"Name":"S3 writes","FieldSelectors":[{"Field":"eventCategory",'
        '"Equals":["Data"]},{"Field":"resources.type","Equals":'
        '["AWS::S3::Object"]},{"Field":"readOnly","Equals":["false"]}]}]\''
        " (keep the management selector: the call replaces all selectors).",
        "Run this control again.",
    ),
    # CloudSploit's cloudtrailDataEvents accepts any data resource on each trail: another
    # requirement.
    frameworks={"cis-aws-7.0": ("4.8",)},
)


@S3_OBJECT_WRITE_LOGGING
def test_s3_object_write_logging(
    bucket_object_logging: list[BucketObjectLogging], evidence: Evidence
) -> None:
    """A logging trail records the object-level write events of every bucket."""
    expect_object_logging(bucket_object_logging, "write", evidence)
