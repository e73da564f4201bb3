"""The harness's EC2 and ELBv2 extensions (fixtures/demo/moto/ec2.py, elbv2.py) answer like
AWS, over HTTP."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fixtures.demo.moto.ec2_metadata import deny_in_region
from tests.conftest import ACCOUNT_ID, Suite


def client(suite: Suite, service: str, region: str = "us-east-1") -> Any:
    return boto3.client(
        service,
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_instance_metadata_defaults_are_empty_until_set(suite: Suite) -> None:
    answer = client(suite, "ec2").get_instance_metadata_defaults()

    assert answer.get("AccountLevel", {}) == {}


def test_instance_metadata_defaults_are_set_per_region_and_cleared(suite: Suite) -> None:
    ec2 = client(suite, "ec2")
    ec2.modify_instance_metadata_defaults(HttpTokens="required", HttpPutResponseHopLimit=2)

    level = ec2.get_instance_metadata_defaults()["AccountLevel"]
    irish = client(suite, "ec2", "eu-west-1").get_instance_metadata_defaults()

    assert level == {"HttpTokens": "required", "HttpPutResponseHopLimit": 2, "ManagedBy": "account"}
    assert irish.get("AccountLevel", {}) == {}
    ec2.modify_instance_metadata_defaults(HttpTokens="no-preference", HttpPutResponseHopLimit=-1)
    assert ec2.get_instance_metadata_defaults().get("AccountLevel", {}) == {}


def test_deny_in_region_refuses_only_there(suite: Suite) -> None:
    deny_in_region(ACCOUNT_ID, "eu-west-1", "DescribeVpcPeeringConnections")

    with pytest.raises(ClientError) as raised:
        client(suite, "ec2", "eu-west-1").describe_vpc_peering_connections()
    answered = client(suite, "ec2").describe_vpc_peering_connections()  # moto, as usual

    assert raised.value.response["Error"]["Code"] == "UnauthorizedOperation"
    assert answered["VpcPeeringConnections"] == []


def test_deny_in_region_refuses_actions_it_does_not_serve() -> None:
    with pytest.raises(ValueError, match="not an action this extension can deny"):
        deny_in_region(ACCOUNT_ID, "eu-west-1", "DescribeInstances")


def test_load_balancers_list_access_logs_off_until_turned_on(suite: Suite) -> None:
    subnets = client(suite, "ec2").describe_subnets()["Subnets"][:2]
    elbv2 = client(suite, "elbv2")
    arn = elbv2.create_load_balancer(Name="web", Subnets=[s["SubnetId"] for s in subnets])[
        "LoadBalancers"
    ][0]["LoadBalancerArn"]

    before = elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]
    elbv2.modify_load_balancer_attributes(
        LoadBalancerArn=arn, Attributes=[{"Key": "access_logs.s3.enabled", "Value": "true"}]
    )
    after = elbv2.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]

    assert {"Key": "access_logs.s3.enabled", "Value": "false"} in before
    assert {"Key": "access_logs.s3.enabled", "Value": "true"} in after
