"""ec2/vpc-endpoints-used (CIS 6.8): each VPC's endpoints as evidence, then an attestation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from fixtures.aws.ec2_vpc import fetch_vpc_endpoints, parse_vpc_endpoints
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "ec2/test_vpc_endpoints_used.py"
CASE = "test_vpc_endpoints_used[prod-us-east-1]"
ID = "ec2/vpc-endpoints-used"


def today(offset_days: int = 0) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset_days)).isoformat()


def ec2(suite: Suite) -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def vpc_arn(vpc_id: str) -> str:
    return f"arn:aws:ec2:us-east-1:{ACCOUNT_ID}:vpc/{vpc_id}"


def test_each_vpc_is_listed_with_its_endpoints_and_awaits_attestation(suite: Suite) -> None:
    client = ec2(suite)
    vpc = client.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    endpoint = client.create_vpc_endpoint(
        VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3", VpcEndpointType="Gateway"
    )["VpcEndpoint"]["VpcEndpointId"]
    default = client.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])
    default_vpc = default["Vpcs"][0]["VpcId"]

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    record = run.evidence()[CASE]
    assert record["verdict"] == "awaiting attestation"
    decided = record["decided_by"]
    assert decided[vpc_arn(vpc)] == f"{endpoint} com.amazonaws.us-east-1.s3 (Gateway, available)"
    assert decided[vpc_arn(default_vpc)] == "no endpoints"
    assert decided["VPC endpoints"] == "1 in us-east-1"


def test_attestation_passes(suite: Suite) -> None:
    suite.write_attestations(
        {
            "control": ID,
            "account": "prod",
            "by": "Net Ops",
            "date": today(-1),
            "expires": today(90),
            "statement": "Workloads reach S3 and DynamoDB through gateway endpoints.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_region_without_vpcs_passes_with_that_evidence(suite: Suite) -> None:
    client = ec2(suite)
    default = client.describe_vpcs()["Vpcs"][0]["VpcId"]
    for subnet in client.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [default]}])[
        "Subnets"
    ]:
        client.delete_subnet(SubnetId=subnet["SubnetId"])
    client.delete_vpc(VpcId=default)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Applies"] == "no: the region has no VPC"


@pytest.mark.parametrize("action", ["ec2:DescribeVpcEndpoints", "ec2:DescribeVpcs"])
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_endpoints_of_a_second_page_are_read() -> None:
    first = {"VpcEndpoints": [_endpoint("vpce-1")], "NextToken": "2"}
    second = {"VpcEndpoints": [_endpoint("vpce-2")]}
    data = CannedAws().answer("ec2", "DescribeVpcEndpoints", first, second).data()

    endpoints = fetch_vpc_endpoints(data, "us-east-1")

    assert [endpoint.id for endpoint in endpoints] == ["vpce-1", "vpce-2"]
    assert endpoints[1].arn == f"arn:aws:ec2:us-east-1:{ACCOUNT_ID}:vpc-endpoint/vpce-2"


@pytest.mark.parametrize("field", ["VpcEndpointId", "VpcId", "OwnerId", "ServiceName"])
def test_endpoint_without_what_identifies_it_is_a_missing_field(field: str) -> None:
    entry = _endpoint("vpce-1")
    del entry[field]

    with pytest.raises(MissingField, match=f"returned no {field}"):
        parse_vpc_endpoints([{"VpcEndpoints": [entry]}], "us-east-1")


def _endpoint(endpoint_id: str) -> dict[str, Any]:
    return {
        "VpcEndpointId": endpoint_id,
        "VpcId": "vpc-1",
        "OwnerId": ACCOUNT_ID,
        "ServiceName": "com.amazonaws.us-east-1.dynamodb",
        "VpcEndpointType": "Gateway",
        "State": "available",
    }
