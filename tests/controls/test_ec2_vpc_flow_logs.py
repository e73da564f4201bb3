"""ec2/vpc-flow-logs (CIS 4.7) against moto, region by region."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.ec2_vpc import fetch_flow_logs, parse_flow_logs
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "ec2/test_vpc_flow_logs.py"
CASE = "test_vpc_flow_logs[prod-us-east-1]"


def ec2(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def vpc_arn(vpc_id: str, region: str = "us-east-1") -> str:
    return f"arn:aws:ec2:{region}:{ACCOUNT_ID}:vpc/{vpc_id}"


def default_vpc(suite: Suite, region: str = "us-east-1") -> str:
    vpcs = ec2(suite, region).describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])
    vpc_id: str = vpcs["Vpcs"][0]["VpcId"]
    return vpc_id


def new_vpc(suite: Suite, region: str = "us-east-1") -> str:
    vpc_id: str = ec2(suite, region).create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    return vpc_id


def flow_log(
    suite: Suite,
    resource: str,
    traffic: str = "REJECT",
    region: str = "us-east-1",
    resource_type: str = "VPC",
    log_group: str | None = None,
) -> None:
    """A flow log to S3 (delivers), or to CloudWatch Logs group ``log_group`` (moto reports
    FAILED delivery when the group does not exist)."""
    client = ec2(suite, region)
    if log_group is not None:
        client.create_flow_logs(
            ResourceIds=[resource],
            ResourceType=resource_type,
            TrafficType=traffic,
            LogGroupName=log_group,
            DeliverLogsPermissionArn=f"arn:aws:iam::{ACCOUNT_ID}:role/flow-logs",
        )
        return
    bucket = f"flow-logs-{region}"
    s3 = boto3.client(
        "s3",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
        extra = {} if region == "us-east-1" else {"LocationConstraint": region}
        s3.create_bucket(Bucket=bucket, **({"CreateBucketConfiguration": extra} if extra else {}))
    created = client.create_flow_logs(
        ResourceIds=[resource],
        ResourceType=resource_type,
        TrafficType=traffic,
        LogDestinationType="s3",
        LogDestination=f"arn:aws:s3:::{bucket}",
    )
    assert not created["Unsuccessful"]


def test_every_vpc_with_a_reject_or_all_flow_log_passes(suite: Suite) -> None:
    flow_log(suite, default_vpc(suite), "REJECT")
    flow_log(suite, new_vpc(suite), "ALL")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["VPCs without a qualifying flow log"] == "0"
    assert decided["VPCs"] == "2 in us-east-1"
    assert "TrafficType=REJECT, FlowLogStatus=ACTIVE" in decided[vpc_arn(default_vpc(suite))]


def test_vpc_without_a_flow_log_fails_with_its_arn(suite: Suite) -> None:
    flow_log(suite, default_vpc(suite))
    bare = new_vpc(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{vpc_arn(bare)}: no flow log on the VPC" in run.output
    assert "1 violation(s)" in run.output


def test_flow_log_of_accepted_traffic_only_fails(suite: Suite) -> None:
    vpc = default_vpc(suite)
    flow_log(suite, vpc, "ACCEPT")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{vpc_arn(vpc)}: no flow log records rejected traffic" in run.output
    assert "TrafficType=ACCEPT (rejected traffic not recorded)" in run.output


def test_flow_log_whose_delivery_failed_fails_with_awss_reason(suite: Suite) -> None:
    vpc = default_vpc(suite)
    flow_log(suite, vpc, "ALL", log_group="missing-group")  # moto: FAILED, Access error

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "DeliverLogsStatus=FAILED (Access error)" in run.output


def test_a_good_flow_log_beside_a_failed_one_counts(suite: Suite) -> None:
    vpc = default_vpc(suite)
    flow_log(suite, vpc, "ALL", log_group="missing-group")
    flow_log(suite, vpc, "REJECT")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_flow_log_on_a_subnet_does_not_count_for_its_vpc(suite: Suite) -> None:
    vpc = default_vpc(suite)
    subnet = ec2(suite).describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])
    flow_log(suite, subnet["Subnets"][0]["SubnetId"], "ALL", resource_type="Subnet")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{vpc_arn(vpc)}: no flow log on the VPC" in run.output


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    flow_log(suite, default_vpc(suite), "REJECT")
    # a flow log in us-east-1 says nothing of eu-west-1's default VPC
    irish = default_vpc(suite, "eu-west-1")

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {CASE: "compliant", "test_vpc_flow_logs[prod-eu-west-1]": "violation"}
    assert f"{vpc_arn(irish, 'eu-west-1')}: no flow log on the VPC" in run.output


@pytest.mark.parametrize("action", ["ec2:DescribeFlowLogs", "ec2:DescribeVpcs"])
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    flow_log(suite, default_vpc(suite))
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_flow_logs_of_a_second_page_are_read() -> None:
    first = {"FlowLogs": [_log("fl-1", "vpc-1")], "NextToken": "page-2"}
    second = {"FlowLogs": [_log("fl-2", "vpc-2", traffic="ACCEPT")]}
    data = CannedAws().answer("ec2", "DescribeFlowLogs", first, second).data()

    logs = fetch_flow_logs(data, "us-east-1")

    assert [(log.id, log.resource_id, log.traffic_type) for log in logs] == [
        ("fl-1", "vpc-1", "REJECT"),
        ("fl-2", "vpc-2", "ACCEPT"),
    ]


def test_vpc_flow_log_without_traffic_type_is_a_missing_field() -> None:
    # Read as "none", it would pass a VPC whose flow log may record accepted traffic only.
    entry = _log("fl-1", "vpc-1")
    del entry["TrafficType"]

    with pytest.raises(MissingField, match="for fl-1 returned no TrafficType"):
        parse_flow_logs([{"FlowLogs": [entry]}], "us-east-1")


def test_transit_gateway_flow_log_needs_no_traffic_type() -> None:
    entry = _log("fl-1", "tgw-1")
    del entry["TrafficType"]

    (log,) = parse_flow_logs([{"FlowLogs": [entry]}], "us-east-1")

    assert log.traffic_type is None


@pytest.mark.parametrize("field", ["FlowLogId", "ResourceId", "FlowLogStatus"])
def test_flow_log_without_what_identifies_it_is_a_missing_field(field: str) -> None:
    entry = _log("fl-1", "vpc-1")
    del entry[field]

    with pytest.raises(MissingField, match=f"returned no {field}"):
        parse_flow_logs([{"FlowLogs": [entry]}], "us-east-1")


def _log(flow_log_id: str, resource: str, traffic: str = "REJECT") -> dict[str, Any]:
    return {
        "FlowLogId": flow_log_id,
        "ResourceId": resource,
        "TrafficType": traffic,
        "FlowLogStatus": "ACTIVE",
        "DeliverLogsStatus": "SUCCESS",
        "LogDestinationType": "s3",
        "LogDestination": "arn:aws:s3:::logs",
    }


def test_vpc_shared_by_another_account_is_left_to_its_owner(suite: Suite) -> None:
    from moto.ec2.models.vpcs import VPC

    flow_log(suite, default_vpc(suite))
    shared = new_vpc(suite)
    owner = "210987654321"
    # moto has no VPC sharing (AWS RAM): the VPC is shown as the other account's, as
    # DescribeVpcs shows a VPC shared with this account.
    suite.monkeypatch.setattr(
        VPC,
        "owner_id",
        property(lambda vpc: owner if vpc.id == shared else vpc.ec2_backend.account_id),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    shared_arn = f"arn:aws:ec2:us-east-1:{owner}:vpc/{shared}"
    assert decided["VPCs shared by other accounts (judged there)"] == shared_arn
