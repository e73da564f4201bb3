"""securityhub/security-hub-enabled (CIS 5.16) against moto."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.securityhub import fetch_security_hub
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "securityhub/test_security_hub_enabled.py"
CASE = "test_security_hub_enabled[prod-us-east-1]"


def securityhub(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "securityhub",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_enabled_hub_passes_with_its_arn(suite: Suite) -> None:
    securityhub(suite).enable_security_hub()

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    hub = run.evidence()[CASE]["decided_by"]["Security Hub"]
    assert hub.startswith(f"enabled in us-east-1: arn:aws:securityhub:us-east-1:{ACCOUNT_ID}:hub/")


def test_not_subscribed_is_a_violation(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "AWS Security Hub is not enabled in us-east-1 (account not subscribed)" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert [(c["action"], c["outcome"]) for c in calls] == [
        ("securityhub:DescribeHub", "InvalidAccessException")
    ]


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    securityhub(suite, "eu-west-1").enable_security_hub()

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {
        CASE: "violation",
        "test_security_hub_enabled[prod-eu-west-1]": "compliant",
    }


def test_denied_describe_hub_is_an_error_not_a_violation(suite: Suite) -> None:
    securityhub(suite).enable_security_hub()
    suite.deny("securityhub:DescribeHub")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the securityhub:DescribeHub permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_hub_without_its_arn_is_a_missing_field() -> None:
    canned = CannedAws().answer("securityhub", "DescribeHub", {"SubscribedAt": "2026-01-01"})

    with pytest.raises(
        MissingField, match="securityhub:DescribeHub in us-east-1 returned no HubArn"
    ):
        fetch_security_hub(canned.data(), "us-east-1")
