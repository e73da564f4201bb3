"""ec2/ebs-encryption-by-default (CIS 6.1.1) against moto, in every region."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.ec2 import fetch_ebs_encryption_by_default
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "ec2/test_ebs_encryption_by_default.py"
CASE = "test_ebs_encryption_by_default[prod-us-east-1]"
IRISH = "test_ebs_encryption_by_default[prod-eu-west-1]"


def ec2(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_encryption_by_default_passes(suite: Suite) -> None:
    ec2(suite).enable_ebs_encryption_by_default()

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["EbsEncryptionByDefault"] == "true in us-east-1"


def test_encryption_by_default_off_fails_naming_the_region(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "us-east-1: EbsEncryptionByDefault=false" in run.output
    assert run.verdicts() == {CASE: "violation"}


def test_encryption_turned_off_again_fails(suite: Suite) -> None:
    ec2(suite).enable_ebs_encryption_by_default()
    ec2(suite).disable_ebs_encryption_by_default()

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    ec2(suite).enable_ebs_encryption_by_default()

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {CASE: "compliant", IRISH: "violation"}
    assert "eu-west-1: EbsEncryptionByDefault=false" in run.output
    calls = [
        (call["action"], call["region"])
        for record in run.evidence().values()
        for call in record["api_calls"]
    ]
    assert sorted(calls) == [
        ("ec2:GetEbsEncryptionByDefault", "eu-west-1"),
        ("ec2:GetEbsEncryptionByDefault", "us-east-1"),
    ]


def test_denied_read_is_an_error(suite: Suite) -> None:
    ec2(suite).enable_ebs_encryption_by_default()
    suite.deny("ec2:GetEbsEncryptionByDefault")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the ec2:GetEbsEncryptionByDefault permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


@pytest.mark.parametrize("answer", [{}, {"EbsEncryptionByDefault": "true"}])
def test_answer_without_the_flag_is_a_missing_field(answer: dict[str, Any]) -> None:
    # Read with a default, an answer that lacks the flag would pass or fail by a guess.
    data = CannedAws().answer("ec2", "GetEbsEncryptionByDefault", answer).data()

    with pytest.raises(MissingField, match="EbsEncryptionByDefault"):
        fetch_ebs_encryption_by_default(data, "us-east-1")
