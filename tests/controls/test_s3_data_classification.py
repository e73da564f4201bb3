"""s3/data-classification (CIS 3.1.3): each region's buckets and Macie's status as evidence,
a person's attestation as the verdict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import boto3
import pytest

from fixtures.aws.macie import fetch_macie_session
from fixtures.results.errors import CannotAssess, MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedByParams
from tests.controls.s3_scenarios import make_bucket

CONTROL = "s3/test_data_classification.py"
CASE = "test_data_classification[prod-us-east-1]"
EU_CASE = "test_data_classification[prod-eu-west-1]"
ID = "s3/data-classification"


def today(offset_days: int = 0) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset_days)).isoformat()


def enable_macie(suite: Suite, region: str = "us-east-1", status: str = "ENABLED") -> None:
    boto3.client(
        "macie2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).enable_macie(status=status)


def attest(suite: Suite) -> None:
    suite.write_attestations(
        {
            "control": ID,
            "account": ACCOUNT_ID,
            "by": "Dana Owner <dana@example.com>",
            "date": today(-1),
            "expires": today(90),
            "statement": "Macie findings reviewed; every bucket classified.",
        }
    )


def test_without_attestation_it_awaits_one_with_the_evidence(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    make_bucket(suite, "customer-data")
    make_bucket(suite, "eu-data", region="eu-west-1")
    enable_macie(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=2)
    assert run.verdicts() == {CASE: "awaiting attestation", EU_CASE: "awaiting attestation"}
    home = run.evidence()[CASE]["decided_by"]
    assert home["Amazon Macie"] == "enabled in us-east-1"
    assert home["S3 buckets located in us-east-1"] == "1: customer-data"
    eu = run.evidence()[EU_CASE]["decided_by"]
    # AWS answers AccessDeniedException where Macie is off (the harness does too).
    assert eu["Amazon Macie"].startswith("not enabled in eu-west-1, or not readable")
    assert eu["S3 buckets located in eu-west-1"] == "1: eu-data"


def test_a_valid_attestation_passes(suite: Suite) -> None:
    make_bucket(suite, "customer-data")
    attest(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert "Dana Owner" in run.evidence()[CASE]["decided_by"]["Attestation"]


def test_require_attestations_turns_awaiting_into_failure(suite: Suite) -> None:
    run = suite.run("--require-attestations", control=CONTROL)

    run.result.assert_outcomes(failed=1)


def test_paused_macie_is_named_so(suite: Suite) -> None:
    enable_macie(suite, status="PAUSED")

    run = suite.run(control=CONTROL)

    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Amazon Macie"].startswith("enabled but suspended (PAUSED) in us-east-1")


def test_a_refused_macie_read_is_stated_and_the_attestation_still_decides(suite: Suite) -> None:
    # AWS answers AccessDeniedException also where Macie is off: evidence, not a verdict.
    attest(suite)
    suite.deny("macie2:GetMacieSession")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    macie = run.evidence()[CASE]["decided_by"]["Amazon Macie"]
    assert macie.startswith("not enabled in us-east-1, or not readable: AWS answers")


def test_unreadable_buckets_are_an_error(suite: Suite) -> None:
    attest(suite)
    suite.deny("s3:ListAllMyBuckets")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the s3:ListAllMyBuckets permission" in run.output


def test_a_session_without_status_is_a_missing_field() -> None:
    canned = CannedByParams().answer("macie2", "GetMacieSession", {"createdAt": "x"})

    with pytest.raises(MissingField, match="GetMacieSession in us-east-1 returned no status"):
        fetch_macie_session(canned.data(), "us-east-1")


def test_a_status_outside_aws_values_cannot_be_assessed() -> None:
    canned = CannedByParams().answer("macie2", "GetMacieSession", {"status": "RUNNING"})

    with pytest.raises(CannotAssess, match="status 'RUNNING', not one of ENABLED, PAUSED"):
        fetch_macie_session(canned.data(), "us-east-1")


def test_no_macie_session_is_not_enabled() -> None:
    canned = CannedByParams().answer_when(
        "macie2", "GetMacieSession", {}, "ResourceNotFoundException"
    )

    session = fetch_macie_session(canned.data(), "eu-west-1")

    assert session.describe() == "not enabled in eu-west-1"
