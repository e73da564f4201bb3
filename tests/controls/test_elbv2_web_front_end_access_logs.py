"""elbv2/web-front-end-access-logs (CIS 4.10): application load balancers must log; a
person attests the rest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

import fixtures.aws.elb
import fixtures.aws.elbv2
from fixtures.aws.elb import fetch_classic_load_balancers
from fixtures.aws.elbv2 import fetch_load_balancers
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedByParams

CONTROL = "elbv2/test_web_front_end_access_logs.py"
CASE = "test_web_front_end_access_logs[prod-us-east-1]"
ID = "elbv2/web-front-end-access-logs"


def today(offset_days: int = 0) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset_days)).isoformat()


def client(suite: Suite, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=suite.moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def balancer(suite: Suite, name: str, kind: str = "application", logs: bool = False) -> str:
    subnets = client(suite, "ec2").describe_subnets()["Subnets"][:2]
    elbv2 = client(suite, "elbv2")
    created = elbv2.create_load_balancer(
        Name=name, Subnets=[subnet["SubnetId"] for subnet in subnets], Type=kind
    )
    arn: str = created["LoadBalancers"][0]["LoadBalancerArn"]
    if logs:
        elbv2.modify_load_balancer_attributes(
            LoadBalancerArn=arn,
            Attributes=[
                {"Key": "access_logs.s3.enabled", "Value": "true"},
                {"Key": "access_logs.s3.bucket", "Value": "lb-logs"},
            ],
        )
    return arn


def classic(suite: Suite, name: str, logs: bool = False) -> str:
    elb = client(suite, "elb")
    elb.create_load_balancer(
        LoadBalancerName=name,
        Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}],
        AvailabilityZones=["us-east-1a"],
    )
    if logs:
        elb.modify_load_balancer_attributes(
            LoadBalancerName=name,
            LoadBalancerAttributes={
                "AccessLog": {"Enabled": True, "S3BucketName": "classic-logs", "EmitInterval": 5}
            },
        )
    return f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT_ID}:loadbalancer/{name}"


def attest(suite: Suite) -> None:
    suite.write_attestations(
        {
            "control": ID,
            "account": ACCOUNT_ID,
            "by": "Web Team",
            "date": today(-1),
            "expires": today(90),
            "statement": "CloudFront and API Gateway stages log to S3 and CloudWatch Logs.",
        }
    )


def test_logging_application_load_balancer_awaits_attestation_of_the_rest(suite: Suite) -> None:
    arn = balancer(suite, "web", logs=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    record = run.evidence()[CASE]
    assert record["verdict"] == "awaiting attestation"
    assert record["decided_by"][arn] == "access logs to s3://lb-logs"
    assert record["decided_by"]["Not read (for the attestation)"].startswith("CloudFront")


def test_logging_load_balancers_and_an_attestation_pass(suite: Suite) -> None:
    balancer(suite, "web", logs=True)
    attest(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_region_without_load_balancers_still_needs_the_attestation(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Load balancers (ELBv2)"].startswith("0 in us-east-1")


def test_application_load_balancer_without_access_logs_fails_with_its_arn(suite: Suite) -> None:
    balancer(suite, "web", logs=True)
    bare = balancer(suite, "admin")
    attest(suite)  # an attestation does not outweigh what AWS shows

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{bare}: access_logs.s3.enabled=false" in run.output
    assert "1 violation(s)" in run.output


def test_network_load_balancer_without_logs_is_listed_not_judged(suite: Suite) -> None:
    arn = balancer(suite, "tcp", kind="network")
    attest(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided[arn] == "network load balancer, no access logs (not judged)"


def test_load_balancer_of_a_second_page_is_read(suite: Suite) -> None:
    suite.monkeypatch.setattr(fixtures.aws.elbv2, "PAGE_SIZE", 1)
    balancer(suite, "web", logs=True)
    bare = balancer(suite, "zz-admin")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{bare}: access_logs.s3.enabled=false" in run.output
    actions = [call["action"] for call in run.evidence()[CASE]["api_calls"]]
    # two pages of elbv2's, one of classic ELB's (both are this IAM action)
    assert actions.count("elasticloadbalancing:DescribeLoadBalancers") == 3


def test_classic_load_balancer_without_access_logs_fails_with_its_arn(suite: Suite) -> None:
    logging = classic(suite, "legacy-web", logs=True)
    bare = classic(suite, "legacy-admin")
    attest(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{bare}: AccessLog.Enabled=false" in run.output
    assert "1 violation(s)" in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert decided[logging] == "access logs to s3://classic-logs"


def test_logging_classic_load_balancer_and_an_attestation_pass(suite: Suite) -> None:
    classic(suite, "legacy-web", logs=True)
    attest(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Classic load balancers"] == "1 in us-east-1"


def test_classic_load_balancer_of_a_second_page_is_read(suite: Suite) -> None:
    suite.monkeypatch.setattr(fixtures.aws.elb, "PAGE_SIZE", 1)
    classic(suite, "a-web", logs=True)
    bare = classic(suite, "b-admin")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{bare}: AccessLog.Enabled=false" in run.output


@pytest.mark.parametrize("access_log", [None, {"S3BucketName": "logs"}, {"Enabled": "true"}])
def test_classic_access_log_flag_missing_is_a_missing_field(access_log: Any) -> None:
    canned = CannedByParams()
    canned.answer(
        "elb", "DescribeLoadBalancers", {"LoadBalancerDescriptions": [{"LoadBalancerName": "web"}]}
    )
    attributes = {} if access_log is None else {"AccessLog": access_log}
    canned.answer("elb", "DescribeLoadBalancerAttributes", {"LoadBalancerAttributes": attributes})

    with pytest.raises(MissingField, match="for web"):
        fetch_classic_load_balancers(canned.data(), "us-east-1", ACCOUNT_ID)


@pytest.mark.parametrize(
    "action",
    [
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeLoadBalancerAttributes",
    ],
)
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    balancer(suite, "web", logs=True)
    classic(suite, "legacy-web", logs=True)
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


@pytest.mark.parametrize(
    "attributes",
    [
        [{"Key": "access_logs.s3.bucket", "Value": ""}],  # moto's own answer, before our fix
        [{"Key": "access_logs.s3.enabled", "Value": "maybe"}],
    ],
)
def test_access_logs_attribute_missing_is_a_missing_field(attributes: list[Any]) -> None:
    # Read as "off" it would be a false violation; as "on", a false pass.
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"
    canned = CannedByParams()
    canned.answer(
        "elbv2",
        "DescribeLoadBalancers",
        {"LoadBalancers": [{"LoadBalancerArn": arn, "Type": "application"}]},
    )
    canned.answer("elbv2", "DescribeLoadBalancerAttributes", {"Attributes": attributes})

    with pytest.raises(MissingField, match=r"access_logs\.s3\.enabled as"):
        fetch_load_balancers(canned.data(), "us-east-1")


def test_gateway_load_balancer_is_not_asked_for_attributes() -> None:
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/gwy/fw/1"
    canned = CannedByParams()
    canned.answer(
        "elbv2",
        "DescribeLoadBalancers",
        {"LoadBalancers": [{"LoadBalancerArn": arn, "Type": "gateway"}]},
    )

    (found,) = fetch_load_balancers(canned.data(), "us-east-1")

    assert found.access_logs is None
