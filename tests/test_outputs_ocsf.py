"""The OCSF output: a Compliance Finding (class 2003) per result, each one accepted by
py-ocsf-models (the OCSF 1.5.0 models), with the verdict mapped to the OCSF status."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from fixtures.outputs.common import finding_key
from fixtures.outputs.ocsf import to_ocsf, to_ocsf_event
from fixtures.outputs.validate import ocsf_errors
from tests.data.records import HOSTILE, first, hostile, sample, with_verdicts

# verdict -> (compliance.status_id, finding status_id, severity_id of a high control)
EXPECTED = {
    "compliant": (1, 1, 1),  # Pass, New, Informational
    "violation": (3, 1, 4),  # Fail, New, High
    "waived": (3, 3, 4),  # Fail, Suppressed, High
    "could not assess": (2, 1, 4),  # Warning
    "awaiting attestation": (2, 1, 4),
    "awaiting attestation (required)": (2, 1, 4),
    "skipped": (0, 1, 1),  # Unknown, New, Informational
    "not run": (0, 1, 1),
}


def test_every_event_of_the_sample_is_a_valid_compliance_finding() -> None:
    record = with_verdicts(sample())

    events = to_ocsf(record)

    assert len(events) == len(record["results"])
    assert [e for event in events for e in ocsf_errors(event)] == []
    assert {(e["class_uid"], e["category_uid"], e["type_uid"]) for e in events} == {
        (2003, 2, 200301)
    }


@pytest.mark.parametrize("verdict", sorted(EXPECTED))
def test_each_verdict_maps_to_its_ocsf_status(verdict: str) -> None:
    record = with_verdicts(sample())
    result = first(record, verdict)
    result["severity"] = "high"

    event = to_ocsf_event(record, result)

    compliance_status, finding_status, severity = EXPECTED[verdict]
    assert event["compliance"]["status_id"] == compliance_status
    assert event["compliance"]["checks"][0]["status_id"] == compliance_status
    assert event["status_id"] == finding_status
    assert event["severity_id"] == severity
    assert event["compliance"]["checks"][0]["severity_id"] == 4  # the control's own
    assert event["unmapped"]["verdict"] == verdict
    assert ocsf_errors(event) == []


def test_a_waived_event_says_who_accepted_it_until_when() -> None:
    record = with_verdicts(sample())

    event = to_ocsf_event(record, first(record, "waived"))

    assert event["status"] == "Suppressed"
    assert "waived by Jane Doe <jane@example.com> until 2027-02-01" in event["status_detail"]


def test_time_account_region_and_product() -> None:
    record = sample()
    result = first(record, "violation")

    event = to_ocsf_event(record, result)

    assert result["checked_at"] == "2026-11-30T18:30:06+00:00"
    assert event["time"] == 1796063406000  # epoch milliseconds, UTC
    assert event["cloud"]["account"]["uid"] == "123456789012"
    assert event["cloud"]["region"] == result["region"]
    assert event["metadata"]["product"]["version"] == record["suite"]["version"]
    assert event["metadata"]["correlation_uid"] == record["parts"][0]["run_id"]


def test_an_account_wide_result_belongs_to_the_region_it_was_read_through() -> None:
    record = sample()
    result = first(record, "awaiting attestation")

    event = to_ocsf_event(record, result)

    assert result["region"] == "global (via us-east-1)"
    assert event["cloud"]["region"] == "us-east-1"
    assert event["unmapped"]["region"] == "global"


def test_resources_are_the_arns_the_violations_start_with() -> None:
    record = sample()
    result = next(r for r in record["results"] if r["control"] == "iam/role-tags")

    event = to_ocsf_event(record, result)

    assert [r["uid"] for r in event["resources"]] == [
        "arn:aws:iam::123456789012:role/legacy-batch",
        "arn:aws:iam::123456789012:role/cloudtrail-to-cloudwatch-logs",
    ]
    assert {r["type"] for r in event["resources"]} == {"AwsIamRole"}


def test_a_result_about_no_single_resource_is_about_the_account() -> None:
    record = sample()
    result = first(record, "compliant")

    event = to_ocsf_event(record, result)

    assert event["resources"] == [
        {"uid": "AWS::::Account:123456789012", "type": "AwsAccount", "cloud_partition": "aws"}
    ]


def test_the_finding_uid_is_stable_across_runs_and_distinct_across_results() -> None:
    record = sample()
    again = sample()
    again["parts"][0]["run_id"] = "another-run"
    for result in again["results"]:
        result["checked_at"] = "2026-12-01T09:00:00+00:00"
        result["verdict"] = "compliant"

    uids = [e["finding_info"]["uid"] for e in to_ocsf(record)]
    later = [e["finding_info"]["uid"] for e in to_ocsf(again)]

    assert uids == later
    assert len(set(uids)) == len(uids)
    assert uids[0] == finding_key(record["results"][0])
    event_uids = {e["metadata"]["uid"] for e in to_ocsf(record) + to_ocsf(again)}
    assert len(event_uids) == 2 * len(uids)  # each event of each run is its own


def test_the_evidence_api_calls_are_evidence_artifacts() -> None:
    record = sample()
    result = first(record, "violation")

    event = to_ocsf_event(record, result)

    assert [e["api"]["operation"] for e in event["evidences"]] == [
        c["action"] for c in result["api_calls"]
    ]
    assert event["evidences"][0]["api"]["request"]["uid"] == result["api_calls"][0]["request_id"]
    assert event["unmapped"]["decided_by"] == [
        {"name": name, "value": value} for name, value in result["decided_by"].items()
    ]


def test_hostile_values_survive_whole_and_valid() -> None:
    record = hostile(sample())
    result = first(record, "violation")

    event = to_ocsf_event(record, result)
    reread: dict[str, Any] = json.loads(json.dumps(event, ensure_ascii=False))

    assert reread["unmapped"]["violations"] == HOSTILE
    assert reread["finding_info"]["title"] == "<script>alert('title')</script> =cmd"
    assert reread["cloud"]["account"]["name"] == "@prod ünïcødé"
    assert ocsf_errors(reread) == []


@pytest.mark.parametrize(
    ("break_it", "error"),
    [
        (lambda e: e.pop("compliance"), "compliance: Field required"),
        (lambda e: e["compliance"].__setitem__("status_id", 7), "compliance.status_id"),
        (lambda e: e.__setitem__("severity_id", "high"), "severity_id"),
        (lambda e: e["finding_info"].pop("uid"), "finding_info.uid: Field required"),
        (lambda e: e.__setitem__("complaince", {}), "complaince: not an attribute of the model"),
        (lambda e: e["cloud"].pop("provider"), "cloud.provider: Field required"),
        (lambda e: e["metadata"].__setitem__("profiles", []), "cloud profile"),
    ],
)
def test_a_broken_event_is_rejected(break_it: Any, error: str) -> None:
    record = sample()
    event = copy.deepcopy(to_ocsf_event(record, first(record, "violation")))

    break_it(event)

    assert any(error in line for line in ocsf_errors(event)), ocsf_errors(event)
