"""cloudtrail/bucket-access-logging (CIS 4.4) against moto."""

from __future__ import annotations

from fixtures.demo.moto.cloudtrail import set_foreign_bucket
from tests.conftest import ACCOUNT_ID, Suite, SuiteRun
from tests.controls.test_cloudtrail_trail_enabled_all_regions import client, trail

CONTROL = "cloudtrail/test_bucket_access_logging.py"
CASE = "test_bucket_access_logging[prod]"


def enable_logging(suite: Suite, bucket: str, region: str = "us-east-1") -> None:
    s3 = client(suite, "s3", region)
    target = f"{bucket}-access"
    where = (
        {}
        if region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    )
    s3.create_bucket(Bucket=target, **where)
    s3.put_bucket_acl(
        Bucket=target,
        GrantWrite="uri=http://acs.amazonaws.com/groups/s3/LogDelivery",
        GrantReadACP="uri=http://acs.amazonaws.com/groups/s3/LogDelivery",
    )
    s3.put_bucket_logging(
        Bucket=bucket,
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": target, "TargetPrefix": "ct/"}},
    )


def calls(run: SuiteRun, action: str) -> list[str]:
    evidence = run.evidence()[CASE]
    return [c["region"] for c in evidence["api_calls"] if c["action"] == action]


def test_bucket_with_access_logging_passes(suite: Suite) -> None:
    trail(suite, "audit")
    enable_logging(suite, "audit-logs")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Logging: arn:aws:s3:::audit-logs"] == "to audit-logs-access/ct/"


def test_bucket_without_access_logging_fails_with_its_arn(suite: Suite) -> None:
    arn = trail(suite, "audit")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"arn:aws:s3:::audit-logs: server access logging disabled (region us-east-1);"
        f" trails: {arn}" in run.output
    )


def test_bucket_is_read_once_in_its_own_region_for_two_trails(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    first = trail(suite, "audit", "eu-west-1")
    second: str = client(suite, "cloudtrail", "eu-west-1").create_trail(
        Name="second", S3BucketName="audit-logs"
    )["TrailARN"]

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"trails: {first}, {second}" in run.output
    assert "1 violation(s)" in run.output
    assert calls(run, "s3:GetBucketLogging") == ["eu-west-1"]


def test_deleted_bucket_is_a_violation(suite: Suite) -> None:
    trail(suite, "audit")
    client(suite, "s3").delete_bucket(Bucket="audit-logs")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "arn:aws:s3:::audit-logs: does not exist (NoSuchBucket)" in run.output


def test_bucket_of_another_account_that_refuses_cannot_be_assessed(suite: Suite) -> None:
    trail(suite, "audit")
    client(suite, "s3").delete_bucket(Bucket="audit-logs")
    set_foreign_bucket(ACCOUNT_ID, "audit-logs")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert run.verdicts() == {CASE: "could not assess"}
    assert "s3:GetBucketLocation was denied" in run.output
    assert "another account's?" in run.output


def test_violation_stands_beside_a_bucket_that_cannot_be_read(suite: Suite) -> None:
    trail(suite, "audit")
    client(suite, "s3").delete_bucket(Bucket="audit-logs")
    set_foreign_bucket(ACCOUNT_ID, "audit-logs")
    other = trail(suite, "other")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "arn:aws:s3:::other-logs: server access logging disabled" in run.output
    unread = run.evidence()[CASE]["decided_by"]["Trail buckets that could not be read"]
    assert unread.startswith("arn:aws:s3:::audit-logs: s3:GetBucketLocation was denied")
    assert other in run.output


def test_denied_get_bucket_logging_is_an_error(suite: Suite) -> None:
    trail(suite, "audit")
    suite.deny("s3:GetBucketLogging")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the s3:GetBucketLogging permission" in run.output


def test_denied_list_buckets_is_an_error(suite: Suite) -> None:
    trail(suite, "audit")
    suite.deny("s3:ListAllMyBuckets")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "s3:ListAllMyBuckets" in run.output


def test_no_trail_passes_without_reading_buckets(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert calls(run, "s3:ListAllMyBuckets") == []
