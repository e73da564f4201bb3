"""cloudtrail/trail-enabled-all-regions (CIS 4.1) against moto."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.cloudtrail import fetch_trails
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

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


def test_no_trail_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "no multi-region trail that is logging" in run.output
    assert "(0 trail(s) checked)" in run.output


def test_single_region_trail_does_not_qualify(suite: Suite) -> None:
    arn = trail(suite, "audit", multi_region=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert run.evidence()[CASE]["decided_by"][f"Does not qualify: {arn}"] == (
        "single-region (home us-east-1)"
    )


def test_trail_not_logging_does_not_qualify(suite: Suite) -> None:
    arn = trail(suite, "audit", logging=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert run.evidence()[CASE]["decided_by"][f"Does not qualify: {arn}"] == (
        "not logging (GetTrailStatus IsLogging false)"
    )


def test_stopped_trail_does_not_qualify(suite: Suite) -> None:
    trail(suite, "audit")
    client(suite, "cloudtrail").stop_logging(Name="audit")

    suite.run(control=CONTROL).result.assert_outcomes(failed=1)


@pytest.mark.parametrize(("kind", "missing"), [("ReadOnly", "write"), ("WriteOnly", "read")])
def test_trail_recording_one_kind_of_management_event_does_not_qualify(
    suite: Suite, kind: str, missing: str
) -> None:
    arn = trail(suite, "audit")
    client(suite, "cloudtrail").put_event_selectors(
        TrailName="audit",
        EventSelectors=[{"ReadWriteType": kind, "IncludeManagementEvents": True}],
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert run.evidence()[CASE]["decided_by"][f"Does not qualify: {arn}"] == (
        f"does not record all {missing} management events"
    )


def test_trail_without_management_events_does_not_qualify(suite: Suite) -> None:
    trail(suite, "audit")
    client(suite, "cloudtrail").put_event_selectors(
        TrailName="audit",
        EventSelectors=[
            {
                "ReadWriteType": "All",
                "IncludeManagementEvents": False,
                "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
            }
        ],
    )

    suite.run(control=CONTROL).result.assert_outcomes(failed=1)


def test_trail_leaving_out_an_event_source_does_not_qualify(suite: Suite) -> None:
    arn = trail(suite, "audit")
    client(suite, "cloudtrail").put_event_selectors(
        TrailName="audit",
        EventSelectors=[
            {
                "ReadWriteType": "All",
                "IncludeManagementEvents": True,
                "ExcludeManagementEventSources": ["kms.amazonaws.com"],
            }
        ],
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    reasons = run.evidence()[CASE]["decided_by"][f"Does not qualify: {arn}"]
    assert "leaves out management events of kms.amazonaws.com" in reasons


def test_advanced_read_only_management_selector_does_not_qualify(suite: Suite) -> None:
    trail(suite, "audit")
    client(suite, "cloudtrail").put_event_selectors(
        TrailName="audit",
        AdvancedEventSelectors=[
            {
                "Name": "reads",
                "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Management"]},
                    {"Field": "readOnly", "Equals": ["true"]},
                ],
            }
        ],
    )

    suite.run(control=CONTROL).result.assert_outcomes(failed=1)


def test_one_qualifying_trail_beside_others_passes(suite: Suite) -> None:
    good = trail(suite, "audit")
    other = trail(suite, "other", multi_region=False, logging=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert good in decided["Multi-region trails logging all management events"]
    assert decided[f"Does not qualify: {other}"].startswith("single-region (home us-east-1);")


@pytest.mark.parametrize(
    "action",
    ["cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors"],
)
def test_denied_reads_are_errors(suite: Suite, action: str) -> None:
    trail(suite, "audit")
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


ORG_TRAIL = "arn:aws:cloudtrail:us-east-1:999999999999:trail/org"


def org_trail_answers() -> CannedAws:
    description = {
        "Name": "org",
        "TrailARN": ORG_TRAIL,
        "HomeRegion": "us-east-1",
        "IsMultiRegionTrail": True,
        "IsOrganizationTrail": True,
        "LogFileValidationEnabled": True,
        "S3BucketName": "org-logs",
    }
    return (
        CannedAws()
        .answer("cloudtrail", "DescribeTrails", {"trailList": [description]})
        .answer("cloudtrail", "GetTrailStatus", {"IsLogging": True})
        .answer(
            "cloudtrail",
            "GetEventSelectors",
            {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True}]},
        )
    )


def test_organization_trail_of_the_management_account_counts_for_a_member() -> None:
    (found,) = fetch_trails(org_trail_answers().data(), ("us-east-1", "eu-west-1"))

    assert found.arn == ORG_TRAIL
    assert found.listed_in == ("eu-west-1", "us-east-1")
    assert found.is_logging
    assert found.records_all_management_events()
    assert found.covers_region("ap-south-1")
    assert not found.owned_by(ACCOUNT_ID)


def test_status_without_is_logging_is_a_missing_field() -> None:
    canned = org_trail_answers().answer("cloudtrail", "GetTrailStatus", {})

    with pytest.raises(MissingField, match=f"GetTrailStatus in us-east-1 for {ORG_TRAIL}"):
        fetch_trails(canned.data(), ("us-east-1",))
