"""cloudtrail/trail-enabled-all-regions (CIS 4.1) against moto."""

from __future__ import annotations

from typing import Any

import boto3

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "cloudtrail/test_trail_enabled_all_regions.py"
CASE = "test_trail_enabled_all_regions[prod]"


def client(suite: Suite, service: str, region: str = "us-east-1") -> Any:
    return boto3.client(
        service,
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def trail(
    suite: Suite,
    name: str,
    region: str = "us-east-1",
    *,
    multi_region: bool = True,
    logging: bool = True,
    **extra: Any,
) -> str:
    bucket = f"{name}-logs"
    s3 = client(suite, "s3", region)
    where = (
        {}
        if region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    )
    s3.create_bucket(Bucket=bucket, **where)
    cloudtrail = client(suite, "cloudtrail", region)
    arn: str = cloudtrail.create_trail(
        Name=name, S3BucketName=bucket, IsMultiRegionTrail=multi_region, **extra
    )["TrailARN"]
    if logging:
        cloudtrail.start_logging(Name=name)
    return arn


def test_multi_region_trail_logging_all_management_events_passes(suite: Suite) -> None:
    arn = trail(suite, "org-audit")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Multi-region trails logging all management events"] == (
        f"{arn} (owned by {ACCOUNT_ID})"
    )


def test_multi_region_trail_seen_from_two_regions_is_read_once_in_its_home(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    arn = trail(suite, "org-audit", "eu-west-1")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["CloudTrail trails"].startswith("1 listed by DescribeTrails")
    calls = [(c["action"], c["region"]) for c in run.evidence()[CASE]["api_calls"]]
    assert sorted(calls) == [
        ("cloudtrail:DescribeTrails", "eu-west-1"),
        ("cloudtrail:DescribeTrails", "us-east-1"),
        ("cloudtrail:GetEventSelectors", "eu-west-1"),
        ("cloudtrail:GetTrailStatus", "eu-west-1"),
    ]
    assert arn in decided["Multi-region trails logging all management events"]


def test_advanced_selectors_on_all_management_events_pass(suite: Suite) -> None:
    arn = trail(suite, "org-audit")
    client(suite, "cloudtrail").put_event_selectors(
        TrailName="org-audit",
        AdvancedEventSelectors=[
            {
                "Name": "management",
                "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}],
            }
        ],
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert (
        arn
        in run.evidence()[CASE]["decided_by"]["Multi-region trails logging all management events"]
    )
