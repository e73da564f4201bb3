"""iam/role-policy-unused-services against moto (resource counts from the extension)."""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest

from fixtures.aws.config import _excluded_types
from fixtures.demo.moto.config import set_discovered_resource_counts
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_role_policy_unused_services.py"
CASE = "test_role_policy_unused_services[prod]"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
ALL_TYPES = {"allSupported": True, "includeGlobalResourceTypes": True}


def config_client(suite: Suite, region: str) -> Any:
    return boto3.client(
        "config",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def record(suite: Suite, region: str = "us-east-1", group: dict[str, Any] | None = None) -> Any:
    """A configuration recorder in ``region``, started."""
    config = config_client(suite, region)
    config.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT_ID}:role/config",
            "recordingGroup": group or ALL_TYPES,
        }
    )
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "config"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    return config


def create_role(suite: Suite, name: str, *statements: dict[str, Any]) -> None:
    iam = suite.client("iam")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    iam.put_role_policy(RoleName=name, PolicyName="app", PolicyDocument=json.dumps(document))


def allow(actions: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": actions, "Resource": "*"}


def test_services_in_use_pass(suite: Suite) -> None:
    record(suite)
    set_discovered_resource_counts(ACCOUNT_ID, {"AWS::S3::Bucket": 2, "AWS::SQS::Queue": 1})
    create_role(suite, "app", allow(["s3:GetObject", "sqs:SendMessage"]))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Services in use (AWS Config)"] == "s3, sqs"
    assert decided["AWS Config in us-east-1"].startswith("recorder 'default' recording")


def test_services_config_cannot_show_are_never_reported(suite: Suite) -> None:
    record(suite)
    create_role(suite, "app", allow(["logs:PutLogEvents", "kms:Decrypt", "sts:GetCallerIdentity"]))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_unused_service_fails_naming_role_policy_and_action(suite: Suite) -> None:
    record(suite)
    set_discovered_resource_counts(ACCOUNT_ID, {"AWS::S3::Bucket": 2})
    create_role(suite, "app", allow("s3:GetObject"), allow(["dynamodb:*", "s3:PutObject"]))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROLE_ARN}app: inline policy 'app' statement 2 allows 1 action(s) reaching services"
        " AWS Config found no resources of: dynamodb:* reaches dynamodb" in run.output
    )
    assert "statement 1" not in run.output


def test_star_action_reaches_every_unused_service(suite: Suite) -> None:
    record(suite)
    set_discovered_resource_counts(ACCOUNT_ID, {"AWS::S3::Bucket": 2})
    create_role(suite, "admin", allow("*"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "found no resources of: * reaches acm," in (run.output)
    assert " s3," not in run.output


def test_not_action_reaches_the_services_it_does_not_exclude(suite: Suite) -> None:
    record(suite)
    statement = {"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}
    create_role(suite, "broad", statement)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "NotAction ['s3:*'] reaches acm," in run.output
    assert ", s3," not in run.output


def test_service_denied_outright_is_not_allowed(suite: Suite) -> None:
    record(suite)
    create_role(
        suite,
        "app",
        allow("dynamodb:GetItem"),
        {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*"},
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_whitelisted_service_is_not_reported(suite: Suite) -> None:
    record(suite)
    create_role(suite, "reader", allow("s3:GetObject"))
    suite.write_settings(whitelist_unused_services=["s3"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_resources_in_any_checked_region_count(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    record(suite, "us-east-1")
    record(suite, "eu-west-1")
    set_discovered_resource_counts(ACCOUNT_ID, {"AWS::DynamoDB::Table": 1}, region="eu-west-1")
    create_role(suite, "app", allow("dynamodb:GetItem"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert "1 resources discovered" in decided["AWS Config in eu-west-1"]
    assert "0 resources discovered" in decided["AWS Config in us-east-1"]


def test_counts_beyond_the_first_page_are_read(suite: Suite) -> None:
    record(suite)
    counts = {f"AWS::EC2::Thing{n:03d}": 1 for n in range(120)}
    counts["AWS::DynamoDB::Table"] = 1  # the 121st type: on the second page
    set_discovered_resource_counts(ACCOUNT_ID, counts)
    create_role(suite, "app", allow("dynamodb:GetItem"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    calls = run.evidence()[CASE]["api_calls"]
    pages = [c for c in calls if c["action"] == "config:GetDiscoveredResourceCounts"]
    assert len(pages) == 2


def test_excluded_resource_types_leave_their_service_unjudged(suite: Suite) -> None:
    group = {
        "allSupported": False,
        "includeGlobalResourceTypes": False,
        "exclusionByResourceTypes": {"resourceTypes": ["AWS::DynamoDB::Table"]},
        "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"},
    }
    record(suite, group=group)
    create_role(suite, "app", allow("dynamodb:GetItem"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Services not judged (resource types excluded)"] == "dynamodb"


def test_no_recorder_is_an_error(suite: Suite) -> None:
    create_role(suite, "app", allow("s3:GetObject"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "AWS Config has no configuration recorder in us-east-1" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_stopped_recorder_is_an_error(suite: Suite) -> None:
    record(suite).stop_configuration_recorder(ConfigurationRecorderName="default")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "AWS Config in us-east-1: recorder 'default' is not recording" in run.output


def test_recorder_of_selected_types_only_is_an_error(suite: Suite) -> None:
    group = {
        "allSupported": False,
        "includeGlobalResourceTypes": False,
        "resourceTypes": ["AWS::S3::Bucket"],
        "recordingStrategy": {"useOnly": "INCLUSION_BY_RESOURCE_TYPES"},
    }
    record(suite, group=group)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "recorder 'default' records only selected resource types" in run.output


def test_region_without_recorder_is_an_error_naming_it(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    record(suite, "us-east-1")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "AWS Config has no configuration recorder in eu-west-1" in run.output


def test_denied_resource_counts_is_an_error(suite: Suite) -> None:
    record(suite)
    suite.deny("config:GetDiscoveredResourceCounts")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the config:GetDiscoveredResourceCounts permission" in run.output


def test_denied_recorder_status_is_an_error(suite: Suite) -> None:
    record(suite)
    suite.deny("config:DescribeConfigurationRecorderStatus")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the config:DescribeConfigurationRecorderStatus permission" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    record(suite)
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output


def test_a_service_wildcard_reaches_only_services_with_a_matching_action(suite: Suite) -> None:
    # In AWS's data, s3 has GetObject and sqs has none: only s3 is reached.
    record(suite)
    create_role(suite, "app", allow("*:GetObject"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "*:GetObject reaches " in run.output
    reached = run.output.split("*:GetObject reaches ")[1].splitlines()[0]
    assert "s3" in reached.split(", ")
    assert "sqs" not in reached
    assert "dynamodb" not in reached


def test_an_action_unknown_to_aws_data_counts_for_the_service_it_names(suite: Suite) -> None:
    record(suite)
    create_role(suite, "app", allow("dynamodb:GetItemz"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "dynamodb:GetItemz (not in AWS's data) reaches dynamodb" in run.output


def test_a_large_policy_gives_a_bounded_line_and_the_whole_list_in_evidence(suite: Suite) -> None:
    record(suite)
    set_discovered_resource_counts(ACCOUNT_ID, {"AWS::S3::Bucket": 2})
    create_role(suite, "partner", allow("s3:GetObject"))
    suite.client("iam").attach_role_policy(
        RoleName="partner", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert max(len(line) for line in run.output.splitlines()) < 1000
    # the count leads the line, so the cut of a long line keeps it
    assert re.search(r"allows \d{2,} action\(s\) reaching services", run.output)
    assert "more action(s) (" in run.evidence()[CASE]["violations"][0]
    decided = run.evidence()[CASE]["decided_by"]
    listed = [v for k, v in decided.items() if k.endswith("actions reaching unused services")]
    assert any("dynamodb:Get* reaches dynamodb" in v for v in listed)


@pytest.mark.parametrize(
    ("group", "excluded"),
    [
        (None, ()),  # no recording group: AWS's default, every supported type
        ({"allSupported": True}, ()),
        ({"resourceTypes": ["AWS::S3::Bucket"]}, None),  # no allSupported: only those
        ({"allSupported": False, "resourceTypes": []}, None),
    ],
)
def test_recording_group_reading(group: Any, excluded: tuple[str, ...] | None) -> None:
    assert _excluded_types(group, "recorder 'default'") == excluded
