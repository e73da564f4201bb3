"""ec2/instance-roles (CIS 2.16) against moto, region by region."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.ec2 import parse_instances
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "ec2/test_instance_roles.py"
CASE = "test_instance_roles[prod-us-east-1]"
AMI = "ami-12c6146b"  # one of moto's stock images


def ec2(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def launch(suite: Suite, region: str = "us-east-1", profile: str | None = None) -> str:
    extra = {"IamInstanceProfile": {"Name": profile}} if profile else {}
    reservation = ec2(suite, region).run_instances(ImageId=AMI, MinCount=1, MaxCount=1, **extra)
    instance_id: str = reservation["Instances"][0]["InstanceId"]
    return instance_id


def instance_arn(instance_id: str, region: str = "us-east-1") -> str:
    return f"arn:aws:ec2:{region}:{ACCOUNT_ID}:instance/{instance_id}"


def make_profile(suite: Suite, name: str = "web") -> str:
    suite.client("iam").create_instance_profile(InstanceProfileName=name)
    return name


def test_instances_with_profiles_pass(suite: Suite) -> None:
    profile = make_profile(suite)
    launch(suite, profile=profile)
    stopped = launch(suite, profile=profile)
    ec2(suite).stop_instances(InstanceIds=[stopped])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Instances without an instance profile"] == "0"
    assert decided["EC2 instances"].startswith("2 in us-east-1: 2 pending, running")


def test_region_without_instances_passes_with_that_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["EC2 instances"].startswith("0 in us-east-1")


def test_running_instance_without_profile_fails_with_its_arn(suite: Suite) -> None:
    launch(suite, profile=make_profile(suite))
    bare = launch(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{instance_arn(bare)}: running, no IAM instance profile" in run.output
    assert "1 violation(s)" in run.output


def test_stopped_instance_without_profile_fails(suite: Suite) -> None:
    bare = launch(suite)
    ec2(suite).stop_instances(InstanceIds=[bare])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{instance_arn(bare)}: stopped, no IAM instance profile" in run.output


def test_terminated_instance_without_profile_is_ignored(suite: Suite) -> None:
    bare = launch(suite)
    ec2(suite).terminate_instances(InstanceIds=[bare])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["EC2 instances"].endswith("1 shutting down or terminated (ignored)")


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    launch(suite, profile=make_profile(suite))
    bare = launch(suite, region="eu-west-1")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1, failed=1)
    assert run.verdicts() == {
        CASE: "compliant",
        "test_instance_roles[prod-eu-west-1]": "violation",
    }
    assert instance_arn(bare, "eu-west-1") in run.output


def test_instance_beyond_the_first_page_is_checked(suite: Suite) -> None:
    profile = make_profile(suite)
    for _ in range(100):  # moto pages DescribeInstances by 100 reservations
        launch(suite, profile=profile)
    bare = launch(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{instance_arn(bare)}: running, no IAM instance profile" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert [c["action"] for c in calls].count("ec2:DescribeInstances") == 2


def test_denied_describe_instances_is_an_error(suite: Suite) -> None:
    suite.deny("ec2:DescribeInstances")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the ec2:DescribeInstances permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_profile_without_arn_is_a_missing_field() -> None:
    page = {
        "Reservations": [
            {
                "OwnerId": ACCOUNT_ID,
                "Instances": [
                    {"InstanceId": "i-1", "State": {"Name": "running"}, "IamInstanceProfile": {}}
                ],
            }
        ]
    }

    with pytest.raises(MissingField, match="IamInstanceProfile without Arn for i-1"):
        parse_instances([page], "us-east-1")


def test_reservation_without_its_instances_is_a_missing_field() -> None:
    # Read as "no instances", it would pass a region whose instances have no profile.
    page = {"Reservations": [{"OwnerId": ACCOUNT_ID, "ReservationId": "r-1"}]}

    with pytest.raises(MissingField, match="for reservation r-1 returned no Instances"):
        parse_instances([page], "us-east-1")
