"""The ASFF output: findings botocore's own parameter validation of Security Hub's
BatchImportFindings accepts, within AWS's documented limits, in calls of at most 100."""

from __future__ import annotations

import copy
import json
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from fixtures.outputs.asff import (
    MAX_DESCRIPTION,
    MAX_FINDINGS_PER_CALL,
    MAX_RESOURCES,
    MAX_TITLE,
    batches,
    to_asff,
    to_asff_finding,
)
from fixtures.outputs.validate import asff_errors
from tests.data.records import HOSTILE, first, hostile, sample, with_verdicts

# verdict -> (Compliance.Status, Severity.Label of a high control, StatusReasons code)
EXPECTED = {
    "compliant": ("PASSED", "INFORMATIONAL", None),
    "violation": ("FAILED", "HIGH", None),
    "waived": ("FAILED", "HIGH", "WAIVED"),
    "could not assess": ("WARNING", "HIGH", "COULD_NOT_ASSESS"),
    "awaiting attestation": ("WARNING", "HIGH", "AWAITING_ATTESTATION"),
    "awaiting attestation (required)": ("WARNING", "HIGH", "AWAITING_ATTESTATION_REQUIRED"),
    "skipped": ("NOT_AVAILABLE", "INFORMATIONAL", "SKIPPED"),
    "not run": ("NOT_AVAILABLE", "INFORMATIONAL", "NOT_RUN"),
}


def _calls(findings: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    return list(batches(findings))


def test_every_finding_of_the_sample_passes_botocores_validation_in_its_batch() -> None:
    record = with_verdicts(sample())

    findings = to_asff(record)
    calls = _calls(findings)

    assert len(findings) == len(record["results"])
    assert sum(len(call) for _, _, call in calls) == len(findings)
    for _account, _region, call in calls:
        assert len(call) <= MAX_FINDINGS_PER_CALL
        assert asff_errors(call) == []


def test_batches_are_per_account_and_region_and_at_most_100() -> None:
    findings = to_asff(sample())

    calls = _calls(findings)

    # 139 results: 111 in us-east-1 (its 28 regional ones and the 83 account-wide ones
    # read through it), 28 in eu-west-1.
    assert [(region, len(call)) for _, region, call in calls] == [
        ("us-east-1", 100),
        ("us-east-1", 11),
        ("eu-west-1", 28),
    ]
    for account, region, call in calls:
        assert {f["ProductArn"] for f in call} == {
            f"arn:aws:securityhub:{region}:{account}:product/{account}/default"
        }


def test_more_than_100_findings_in_one_call_are_refused() -> None:
    findings = [f for f in to_asff(sample()) if "us-east-1" in f["ProductArn"]]

    assert len(findings) > MAX_FINDINGS_PER_CALL
    assert any("at most 100" in line for line in asff_errors(findings))


@pytest.mark.parametrize("verdict", sorted(EXPECTED))
def test_each_verdict_maps_to_its_compliance_status(verdict: str) -> None:
    record = with_verdicts(sample())
    result = first(record, verdict)
    result["severity"] = "high"

    finding = to_asff_finding(record, result)

    status, label, reason = EXPECTED[verdict]
    assert finding["Compliance"]["Status"] == status
    assert finding["Severity"]["Label"] == label
    assert finding["FindingProviderFields"]["Severity"]["Label"] == label
    assert finding["ProductFields"]["aws-compliance-suite/Verdict"] == verdict
    codes = [r["ReasonCode"] for r in finding["Compliance"].get("StatusReasons", [])]
    assert codes == ([reason] if reason else [])
    # Security Hub takes Workflow only when it creates a finding: a waiver is not a
    # suppression that would outlive it.
    assert "Workflow" not in finding
    assert finding["RecordState"] == "ACTIVE"
    assert asff_errors([finding]) == []


def test_a_waived_finding_names_the_waiver_and_a_partly_waived_one_fails() -> None:
    record = with_verdicts(sample())
    partly = next(r for r in record["results"] if r["control"] == "iam/partly-waived-example")

    waived = to_asff_finding(record, first(record, "waived"))
    failed = to_asff_finding(record, partly)

    reason = waived["Compliance"]["StatusReasons"][0]["Description"]
    assert "waived by Jane Doe <jane@example.com> until 2027-02-01" in reason
    assert failed["Compliance"]["Status"] == "FAILED"
    assert (
        "1 violation(s):\n- arn:aws:iam::123456789012:user/alice: no MFA" in (failed["Description"])
    )
    assert (
        "1 waived violation(s):\n- arn:aws:iam::123456789012:user/break-glass"
        in (failed["Description"])
    )


def test_identity_times_and_cis_type() -> None:
    record = sample()
    result = next(r for r in record["results"] if r["control"] == "accessanalyzer/analyzer-enabled")

    finding = to_asff_finding(record, result)

    assert finding["SchemaVersion"] == "2018-10-08"
    assert finding["GeneratorId"] == "accessanalyzer/analyzer-enabled"
    assert finding["AwsAccountId"] == "123456789012"
    assert finding["CreatedAt"] == finding["UpdatedAt"] == "2026-11-30T18:30:06Z"
    assert finding["Types"] == [
        "Software and Configuration Checks/Industry and Regulatory Standards"
        "/CIS AWS Foundations Benchmark"
    ]
    assert finding["Compliance"]["RelatedRequirements"] == [
        "CIS AWS Foundations Benchmark v7.0 2.18"
    ]
    assert finding["Remediation"]["Recommendation"]["Url"] == result["aws_link"]


def test_the_id_is_stable_across_runs() -> None:
    record = sample()
    again = sample()
    again["parts"][0]["run_id"] = "another-run"
    for result in again["results"]:
        result["checked_at"] = "2026-12-01T09:00:00+00:00"

    ids = [f["Id"] for f in to_asff(record)]

    assert ids == [f["Id"] for f in to_asff(again)]
    assert len(set(ids)) == len(ids)


def test_an_account_wide_result_is_imported_in_the_region_it_was_read_through() -> None:
    record = sample()
    result = first(record, "awaiting attestation")
    result["region"] = "global"  # no "via": the first region the run checked

    finding = to_asff_finding(record, result)

    assert record["parts"][0]["accounts"][0]["regions"][0] == "us-east-1"
    assert finding["ProductArn"].startswith("arn:aws:securityhub:us-east-1:123456789012:")
    assert finding["Resources"] == [
        {
            "Type": "AwsAccount",
            "Id": "AWS::::Account:123456789012",
            "Partition": "aws",
            "Region": "us-east-1",
        }
    ]


def test_the_partition_comes_from_the_identity_that_checked() -> None:
    record = sample()
    result = first(record, "compliant")
    result["checked_as"] = "arn:aws-us-gov:sts::123456789012:assumed-role/audit/run"
    result["region"] = "us-gov-west-1"

    finding = to_asff_finding(record, result)

    assert finding["ProductArn"].startswith("arn:aws-us-gov:securityhub:us-gov-west-1:")
    assert finding["Resources"][0]["Partition"] == "aws-us-gov"
    assert asff_errors([finding]) == []


def test_long_texts_are_cut_within_asffs_limits_saying_so() -> None:
    record = sample()
    result = first(record, "violation")
    result["title"] = "T" * 300
    result["violations"] = [f"arn:aws:iam::123456789012:user/u{n}: " + "x" * 80 for n in range(40)]

    finding = to_asff_finding(record, result)

    assert len(finding["Title"]) == MAX_TITLE
    assert finding["Title"].endswith("all in the run record]")
    assert len(finding["Description"]) == MAX_DESCRIPTION
    assert "all in the run record and the OCSF output]" in finding["Description"]
    assert "40 resources; Resources lists the first 32." in finding["Description"]
    assert len(finding["Resources"]) == MAX_RESOURCES
    assert finding["ProductFields"]["aws-compliance-suite/ResourcesNotListed"] == "8"
    assert asff_errors([finding]) == []


def test_hostile_values_survive_whole_and_valid() -> None:
    record = hostile(sample())
    result = first(record, "violation")

    finding = to_asff_finding(record, result)
    reread: dict[str, Any] = json.loads(json.dumps(finding, ensure_ascii=False))

    assert reread["Title"] == "<script>alert('title')</script> =cmd"
    assert reread["AwsAccountName"] == "@prod ünïcødé"
    for value in HOSTILE:
        assert f"- {value}" in reread["Description"]
    assert asff_errors([reread]) == []


@pytest.mark.parametrize(
    ("break_it", "error"),
    [
        (lambda f: f.pop("Title"), 'Missing required parameter in Findings[0]: "Title"'),
        (lambda f: f.__setitem__("Resources", "arn:aws:s3:::b"), "Findings[0].Resources"),
        (lambda f: f.__setitem__("Complaince", {}), 'Unknown parameter in Findings[0]: "Compl'),
        (lambda f: f["Compliance"].__setitem__("Status", "PASS"), "'PASS' is not one of"),
        (lambda f: f["Severity"].__setitem__("Label", "SEVERE"), "'SEVERE' is not one of"),
        (lambda f: f.__setitem__("Title", "t" * 257), "Findings[0].Title: 257 characters"),
        (lambda f: f.__setitem__("Description", "d" * 1025), "at most 1024"),
        (lambda f: f.__setitem__("Resources", f["Resources"] * 33), "33 items; at most 32"),
        (
            lambda f: f.__setitem__("ProductFields", {f"k{n}": "v" * 2048 for n in range(130)}),
            "bytes",
        ),
        (lambda f: f.__setitem__("Title", " \n"), "Findings[0].Title: ' \\n' does not match"),
    ],
)
def test_a_broken_finding_is_rejected(break_it: Any, error: str) -> None:
    record = sample()
    finding = copy.deepcopy(to_asff_finding(record, first(record, "violation")))

    break_it(finding)

    assert any(error in line for line in asff_errors([finding])), asff_errors([finding])


def test_blank_texts_are_replaced_not_sent() -> None:
    record = sample()
    result = first(record, "violation")
    result.update(title=" ", account="", aws_link="", recommended_action="", checked_as="")

    finding = to_asff_finding(record, result)

    assert finding["Title"] == result["control"]
    assert finding["AwsAccountName"] == result["account_id"]
    assert "Url" not in finding["Remediation"]["Recommendation"]
    assert "aws-compliance-suite/CheckedAs" not in finding["ProductFields"]
    assert asff_errors([finding]) == []


def test_a_merged_record_holding_a_result_twice_gives_its_later_finding() -> None:
    record = sample()
    earlier = copy.deepcopy(first(record, "violation"))
    earlier["verdict"] = "compliant"
    earlier["checked_at"] = "2026-11-29T08:00:00+00:00"
    later = copy.deepcopy(first(record, "compliant"))
    later["verdict"] = "violation"
    later["checked_at"] = "2026-12-01T08:00:00+00:00"
    record["results"] += [earlier, later]

    findings = to_asff(record)
    by_id = {f["Id"]: f for f in findings}

    assert len(findings) == len(by_id) == len(record["results"]) - 2
    assert by_id[to_asff_finding(record, earlier)["Id"]]["Compliance"]["Status"] == "FAILED"
    assert by_id[to_asff_finding(record, later)["Id"]]["Compliance"]["Status"] == "FAILED"
    assert by_id[to_asff_finding(record, later)["Id"]]["UpdatedAt"] == "2026-12-01T08:00:00Z"


def test_an_account_wide_result_without_a_checked_region_uses_the_partitions_home() -> None:
    record = sample()
    record["parts"][0]["accounts"][0]["regions"] = []
    result = first(record, "awaiting attestation")
    result["region"] = "global"
    result["checked_as"] = "arn:aws-cn:sts::123456789012:assumed-role/audit/run"

    finding = to_asff_finding(record, result)

    assert finding["ProductArn"].startswith("arn:aws-cn:securityhub:cn-north-1:123456789012:")
    assert asff_errors([finding]) == []


def test_a_boto3_client_sends_every_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Through a real client (validation and serialisation), answered by botocore's Stubber."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    sent = 0
    for _account, region, call in batches(to_asff(with_verdicts(sample()))):
        client = boto3.client("securityhub", region_name=region)
        with Stubber(client) as stub:
            answer = {"FailedCount": 0, "SuccessCount": len(call), "FailedFindings": []}
            stub.add_response("batch_import_findings", answer, {"Findings": call})
            assert client.batch_import_findings(Findings=call)["SuccessCount"] == len(call)
            stub.assert_no_pending_responses()
        sent += len(call)

    assert sent == len(with_verdicts(sample())["results"])
