"""cloudtrail/s3-object-write-logging (CIS 4.8) and s3-object-read-logging (CIS 4.9)
against moto, and the reading of event selectors."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.aws.cloudtrail import S3DataEvents, read_selectors
from fixtures.results.errors import MissingField
from tests.conftest import Suite, SuiteRun
from tests.controls.test_cloudtrail_trail_enabled_all_regions import client, trail

WRITE = "test_s3_object_write_logging[prod]"
READ = "test_s3_object_read_logging[prod]"


def run_both(suite: Suite) -> SuiteRun:
    return suite.run("-k", "s3_object", control="cloudtrail")


def bucket(suite: Suite, name: str, region: str = "us-east-1") -> None:
    where = (
        {}
        if region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    )
    client(suite, "s3", region).create_bucket(Bucket=name, **where)


def basic(suite: Suite, name: str, kind: str, *values: str, region: str = "us-east-1") -> None:
    client(suite, "cloudtrail", region).put_event_selectors(
        TrailName=name,
        EventSelectors=[
            {
                "ReadWriteType": kind,
                "IncludeManagementEvents": True,
                "DataResources": [{"Type": "AWS::S3::Object", "Values": list(values)}],
            }
        ],
    )


def advanced(suite: Suite, name: str, *field_selectors: dict[str, Any]) -> None:
    client(suite, "cloudtrail").put_event_selectors(
        TrailName=name,
        AdvancedEventSelectors=[
            {
                "Name": "management",
                "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}],
            },
            {
                "Name": "s3",
                "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Data"]},
                    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                    *field_selectors,
                ],
            },
        ],
    )


def test_no_bucket_passes_with_that_evidence(suite: Suite) -> None:
    run = run_both(suite)

    run.result.assert_outcomes(passed=2)
    assert run.evidence()[WRITE]["decided_by"]["S3 buckets"] == "0"


def test_all_buckets_selector_covers_every_bucket_for_both_kinds(suite: Suite) -> None:
    arn = trail(suite, "audit")  # its bucket, audit-logs, is a bucket of the account too
    bucket(suite, "data")
    basic(suite, "audit", "All", "arn:aws:s3")

    run = run_both(suite)

    run.result.assert_outcomes(passed=2)
    covered = run.evidence()[READ]["decided_by"][
        "Buckets whose object-level read events are recorded"
    ]
    assert covered == f"audit-logs (us-east-1) by {arn}; data (us-east-1) by {arn}"


def test_write_only_selector_fails_read_logging(suite: Suite) -> None:
    trail(suite, "audit")
    basic(suite, "audit", "WriteOnly", "arn:aws:s3")

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "compliant", READ: "violation"}
    assert (
        "arn:aws:s3:::audit-logs: no logging trail records its object-level read events"
        " (region us-east-1)" in run.output
    )


def test_read_only_selector_fails_write_logging(suite: Suite) -> None:
    trail(suite, "audit")
    basic(suite, "audit", "ReadOnly", "arn:aws:s3")

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "violation", READ: "compliant"}


def test_bucket_selector_covers_that_bucket_only(suite: Suite) -> None:
    trail(suite, "audit")
    bucket(suite, "data")
    basic(suite, "audit", "All", "arn:aws:s3:::audit-logs/")

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "violation", READ: "violation"}
    assert "arn:aws:s3:::data: no logging trail records its object-level write events" in run.output
    assert "arn:aws:s3:::audit-logs:" not in run.output


def test_object_prefix_does_not_cover_the_bucket(suite: Suite) -> None:
    arn = trail(suite, "audit")
    basic(suite, "audit", "All", "arn:aws:s3:::audit-logs/AWSLogs/")

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "violation", READ: "violation"}
    notes = run.evidence()[WRITE]["decided_by"]["Event selectors not counted in full"]
    assert (
        notes
        == f"{arn}: event selector 1 records S3 objects only under arn:aws:s3:::audit-logs/AWSLogs/"
    )


def test_trail_not_logging_covers_nothing(suite: Suite) -> None:
    trail(suite, "audit", logging=False)
    basic(suite, "audit", "All", "arn:aws:s3")

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "violation", READ: "violation"}


def test_single_region_trail_covers_only_its_regions_buckets(suite: Suite) -> None:
    arn = trail(suite, "audit", multi_region=False)
    bucket(suite, "dublin", "eu-west-1")
    basic(suite, "audit", "All", "arn:aws:s3")

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "violation", READ: "violation"}
    assert (
        "arn:aws:s3:::dublin: no logging trail records its object-level write events"
        " (region eu-west-1)" in run.output
    )
    covered = run.evidence()[WRITE]["decided_by"][
        "Buckets whose object-level write events are recorded"
    ]
    assert covered == f"audit-logs (us-east-1) by {arn}"


def test_multi_region_trail_covers_buckets_of_every_region(suite: Suite) -> None:
    trail(suite, "audit")
    bucket(suite, "dublin", "eu-west-1")
    basic(suite, "audit", "All", "arn:aws:s3")

    run_both(suite).result.assert_outcomes(passed=2)


def test_advanced_write_selector_covers_writes_only(suite: Suite) -> None:
    trail(suite, "audit")
    advanced(suite, "audit", {"Field": "readOnly", "Equals": ["false"]})

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "compliant", READ: "violation"}


def test_advanced_selector_on_bucket_prefixes(suite: Suite) -> None:
    trail(suite, "audit")
    bucket(suite, "data")
    advanced(suite, "audit", {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::data/"]})

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "violation", READ: "violation"}
    assert "arn:aws:s3:::audit-logs: no logging trail" in run.output
    assert "arn:aws:s3:::data:" not in run.output


def test_advanced_selector_leaving_a_bucket_out(suite: Suite) -> None:
    trail(suite, "audit")
    bucket(suite, "data")
    advanced(
        suite, "audit", {"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::audit-logs/"]}
    )

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "violation", READ: "violation"}
    assert "arn:aws:s3:::audit-logs: no logging trail" in run.output
    assert "arn:aws:s3:::data:" not in run.output


def test_advanced_selector_narrowed_by_event_name_does_not_count(suite: Suite) -> None:
    arn = trail(suite, "audit")
    advanced(suite, "audit", {"Field": "eventName", "Equals": ["PutObject"]})

    run = run_both(suite)

    assert run.verdicts() == {WRITE: "violation", READ: "violation"}
    notes = run.evidence()[WRITE]["decided_by"]["Event selectors not counted in full"]
    assert (
        notes
        == f"{arn}: advanced event selector 's3' narrows S3 object events by eventName: not counted"
    )


@pytest.mark.parametrize("action", ["cloudtrail:GetEventSelectors", "cloudtrail:GetTrailStatus"])
def test_denied_trail_reads_are_errors(suite: Suite, action: str) -> None:
    trail(suite, "audit")
    suite.deny(action)

    run = run_both(suite)

    run.result.assert_outcomes(errors=2)
    assert f"the audit identity needs the {action} permission" in run.output


def test_denied_list_buckets_is_an_error(suite: Suite) -> None:
    suite.deny("s3:ListAllMyBuckets")

    run = run_both(suite)

    run.result.assert_outcomes(errors=2)


WHERE = "cloudtrail:GetEventSelectors in us-east-1 for arn"


def test_answer_without_selectors_is_a_missing_field() -> None:
    with pytest.raises(MissingField, match="neither EventSelectors nor AdvancedEventSelectors"):
        read_selectors({"TrailARN": "arn"}, WHERE)


def test_empty_selectors_record_nothing() -> None:
    recorded = read_selectors({"EventSelectors": []}, WHERE)

    assert not recorded.management_read
    assert not recorded.management_write
    assert recorded.read_prefixes == []
    assert recorded.write_prefixes == []


@pytest.mark.parametrize("field", ["ReadWriteType", "IncludeManagementEvents"])
def test_basic_selector_without_a_field_is_a_missing_field(field: str) -> None:
    selector: dict[str, Any] = {"ReadWriteType": "All", "IncludeManagementEvents": True}
    del selector[field]

    with pytest.raises(MissingField, match=f"returned no {field}"):
        read_selectors({"EventSelectors": [selector]}, WHERE)


def test_unknown_read_write_type_is_a_missing_field() -> None:
    selector = {"ReadWriteType": "Some", "IncludeManagementEvents": True}

    with pytest.raises(MissingField, match="ReadWriteType 'Some'"):
        read_selectors({"EventSelectors": [selector]}, WHERE)


@pytest.mark.parametrize(
    ("read_only", "reads", "writes"),
    [
        (None, True, True),
        ({"Equals": ["true"]}, True, False),
        ({"Equals": ["false"]}, False, True),
        ({"NotEquals": ["true"]}, False, True),
    ],
)
def test_advanced_management_selector_read_only_field(
    read_only: dict[str, list[str]] | None, reads: bool, writes: bool
) -> None:
    fields: list[dict[str, Any]] = [{"Field": "eventCategory", "Equals": ["Management"]}]
    if read_only is not None:
        fields.append({"Field": "readOnly", **read_only})

    recorded = read_selectors({"AdvancedEventSelectors": [{"FieldSelectors": fields}]}, WHERE)

    assert (recorded.management_read, recorded.management_write) == (reads, writes)


def test_management_selector_leaving_out_an_event_source_is_not_all() -> None:
    selector = {
        "ReadWriteType": "All",
        "IncludeManagementEvents": True,
        "ExcludeManagementEventSources": ["kms.amazonaws.com"],
    }

    recorded = read_selectors({"EventSelectors": [selector]}, WHERE)

    assert not recorded.management_read
    assert not recorded.management_write
    assert recorded.notes == ["event selector 1 leaves out management events of kms.amazonaws.com"]


def test_advanced_management_selector_excluding_a_source_is_not_all() -> None:
    fields = [
        {"Field": "eventCategory", "Equals": ["Management"]},
        {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]},
    ]

    recorded = read_selectors(
        {"AdvancedEventSelectors": [{"Name": "m", "FieldSelectors": fields}]}, WHERE
    )

    assert not recorded.management_read
    assert recorded.notes == [
        "advanced event selector 'm' narrows management events by eventSource: not counted"
    ]


def s3_selector(*field_selectors: dict[str, Any]) -> dict[str, Any]:
    return {
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            *field_selectors,
        ]
    }


def test_an_exclusion_in_one_selector_does_not_undo_another_selector() -> None:
    # Selectors are alternatives: the first records every bucket, the second all but one.
    everything = s3_selector({"Field": "readOnly", "Equals": ["false"]})
    all_but = s3_selector({"Field": "resources.ARN", "NotStartsWith": ["arn:aws:s3:::x/"]})

    recorded = read_selectors({"AdvancedEventSelectors": [everything, all_but]}, WHERE)

    events = S3DataEvents(tuple(recorded.write_prefixes), tuple(recorded.write_excepting))
    assert events.covers("x", "aws")
    reads = S3DataEvents(tuple(recorded.read_prefixes), tuple(recorded.read_excepting))
    assert not reads.covers("x", "aws")
    assert reads.covers("y", "aws")
    assert reads.covers("xy", "aws")  # x/ is not a prefix of xy/


@pytest.mark.parametrize(
    ("value", "covered"),
    [
        ("arn:aws:s3", True),
        ("arn:aws:s3:::data/", True),
        ("arn:aws:s3:::data/logs/", False),
        ("arn:aws:s3:::dat", False),  # not a form AWS documents for basic selectors
        ("arn:aws:s3:::other/", False),
    ],
)
def test_basic_selector_values(value: str, covered: bool) -> None:
    selector = {
        "ReadWriteType": "All",
        "IncludeManagementEvents": False,
        "DataResources": [{"Type": "AWS::S3::Object", "Values": [value]}],
    }

    recorded = read_selectors({"EventSelectors": [selector]}, WHERE)

    assert S3DataEvents(tuple(recorded.read_prefixes)).covers("data", "aws") is covered


def test_advanced_selector_starts_with_a_bucket_name_prefix_covers_matching_buckets() -> None:
    # AWS compares resources.ARN as text: arn:aws:s3:::logs- takes in every object of
    # every bucket whose name starts with logs-.
    selector = s3_selector({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::logs-"]})

    recorded = read_selectors({"AdvancedEventSelectors": [selector]}, WHERE)

    events = S3DataEvents(tuple(recorded.read_prefixes))
    assert events.covers("logs-eu", "aws")
    assert not events.covers("app", "aws")


def _events(recorded: Any, kind: str) -> S3DataEvents:
    if kind == "read":
        return S3DataEvents(tuple(recorded.read_prefixes), tuple(recorded.read_excepting))
    return S3DataEvents(tuple(recorded.write_prefixes), tuple(recorded.write_excepting))


@pytest.mark.parametrize(
    ("narrowing", "operators"),
    [
        ({"EndsWith": [".csv"]}, "EndsWith"),
        ({"Equals": ["arn:aws:s3:::payroll/index.html"]}, "Equals"),
        ({"NotEndsWith": [".tmp"]}, "NotEndsWith"),
        ({"Equals": ["arn:aws:s3:::payroll/a"], "EndsWith": [".csv"]}, "Equals and EndsWith"),
    ],
)
def test_starts_with_narrowed_on_the_same_field_covers_no_bucket(
    narrowing: dict[str, list[str]], operators: str
) -> None:
    # StartsWith payroll/ together with EndsWith .csv (or an exact ARN) on resources.ARN
    # logs some objects of payroll, not provably every one: the bucket is not covered.
    selector = s3_selector(
        {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::payroll/"], **narrowing}
    )
    selector["Name"] = "narrowed"

    recorded = read_selectors({"AdvancedEventSelectors": [selector]}, WHERE)

    for kind in ("read", "write"):
        assert not _events(recorded, kind).covers("payroll", "aws")
        assert _events(recorded, kind).describe("aws") == "none"
    assert recorded.notes == [
        f"advanced event selector 'narrowed' records S3 objects by resources.ARN {operators},"
        " which match some objects of a bucket, never provably all: not counted"
    ]


def test_starts_with_alone_still_covers_the_bucket() -> None:
    # The edge of the case above: without the narrowing operator the bucket is covered.
    selector = s3_selector({"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::payroll/"]})

    recorded = read_selectors({"AdvancedEventSelectors": [selector]}, WHERE)

    assert _events(recorded, "read").covers("payroll", "aws")
    assert _events(recorded, "write").covers("payroll", "aws")
    assert recorded.notes == []


def test_equals_alone_covers_no_bucket() -> None:
    selector = s3_selector({"Field": "resources.ARN", "Equals": ["arn:aws:s3:::payroll/a.csv"]})

    recorded = read_selectors({"AdvancedEventSelectors": [selector]}, WHERE)

    assert not _events(recorded, "read").covers("payroll", "aws")
    assert len(recorded.notes) == 1
