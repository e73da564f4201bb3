"""ec2/imdsv2-required (CIS 6.7) against moto, with the harness's instance metadata defaults."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.ec2 import (
    InstanceMetadataOptions,
    fetch_instance_metadata_defaults,
    imds_judged,
    parse_instances,
)
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "ec2/test_imdsv2_required.py"
CASE = "test_imdsv2_required[prod-us-east-1]"
AMI = "ami-12c6146b"  # one of moto's stock images
DEFAULTS = "Instance metadata defaults (new instances)"


def ec2(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def launch(suite: Suite, region: str = "us-east-1", **options: str) -> str:
    extra = {"MetadataOptions": options} if options else {}
    reservation = ec2(suite, region).run_instances(ImageId=AMI, MinCount=1, MaxCount=1, **extra)
    instance_id: str = reservation["Instances"][0]["InstanceId"]
    return instance_id


def instance_arn(instance_id: str, region: str = "us-east-1") -> str:
    return f"arn:aws:ec2:{region}:{ACCOUNT_ID}:instance/{instance_id}"


def test_instances_requiring_imdsv2_pass(suite: Suite) -> None:
    launch(suite, HttpTokens="required")
    stopped = launch(suite, HttpTokens="required")
    ec2(suite).stop_instances(InstanceIds=[stopped])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Instances allowing IMDSv1"] == "0"
    assert decided[DEFAULTS].startswith("no HttpTokens default")


def test_instance_with_the_endpoint_disabled_passes(suite: Suite) -> None:
    # No metadata service at all: IMDSv1 cannot answer, whatever HttpTokens says.
    launch(suite, HttpTokens="optional", HttpEndpoint="disabled")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_region_without_instances_passes_with_that_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["EC2 instances"].startswith("0 in us-east-1")


def test_instance_with_optional_tokens_fails_with_its_arn(suite: Suite) -> None:
    launch(suite, HttpTokens="required")
    optional = launch(suite)  # moto, like AWS without defaults, launches with optional

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    expected = f"{instance_arn(optional)}: running, HttpTokens=optional, HttpEndpoint=enabled"
    assert f"{expected}: IMDSv1 answers" in run.output
    assert "1 violation(s)" in run.output


def test_stopped_instance_with_optional_tokens_fails(suite: Suite) -> None:
    optional = launch(suite, HttpTokens="optional")
    ec2(suite).stop_instances(InstanceIds=[optional])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{instance_arn(optional)}: stopped, HttpTokens=optional" in run.output


def test_instance_changed_to_required_passes(suite: Suite) -> None:
    instance = launch(suite)
    ec2(suite).modify_instance_metadata_options(InstanceId=instance, HttpTokens="required")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_terminated_instance_is_ignored(suite: Suite) -> None:
    optional = launch(suite)
    ec2(suite).terminate_instances(InstanceIds=[optional])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_region_default_is_evidence_not_the_verdict(suite: Suite) -> None:
    ec2(suite).modify_instance_metadata_defaults(HttpTokens="required")
    optional = launch(suite, HttpTokens="optional")  # launched with its own options

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert instance_arn(optional) in run.output
    decided = run.evidence()[CASE]["decided_by"]
    assert decided[DEFAULTS] == (
        "HttpTokens=required: new instances allow IMDSv2 only; managed by account"
    )
    actions = [call["action"] for call in run.evidence()[CASE]["api_calls"]]
    assert "ec2:GetInstanceMetadataDefaults" in actions


def test_defaults_are_read_in_each_region(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    ec2(suite, "eu-west-1").modify_instance_metadata_defaults(HttpTokens="optional")
    optional = launch(suite, "eu-west-1")

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {
        CASE: "compliant",
        "test_imdsv2_required[prod-eu-west-1]": "violation",
    }
    evidence = run.evidence()
    assert evidence[CASE]["decided_by"][DEFAULTS].startswith("no HttpTokens default")
    irish = evidence["test_imdsv2_required[prod-eu-west-1]"]["decided_by"]
    assert irish[DEFAULTS] == "HttpTokens=optional: new instances allow IMDSv1; managed by account"
    assert instance_arn(optional, "eu-west-1") in run.output


def test_instance_beyond_the_first_page_is_checked(suite: Suite) -> None:
    for _ in range(100):  # moto pages DescribeInstances by 100 reservations
        launch(suite, HttpTokens="required")
    optional = launch(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{instance_arn(optional)}: running, HttpTokens=optional" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert [c["action"] for c in calls].count("ec2:DescribeInstances") == 2


def test_denied_describe_instances_is_an_error(suite: Suite) -> None:
    launch(suite, HttpTokens="required")
    suite.deny("ec2:DescribeInstances")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the ec2:DescribeInstances permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_denied_defaults_are_said_and_the_instances_still_decide(suite: Suite) -> None:
    optional = launch(suite)
    suite.deny("ec2:GetInstanceMetadataDefaults")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert instance_arn(optional) in run.output
    said = run.evidence()[CASE]["decided_by"][DEFAULTS]
    assert said.startswith("not read: ec2:GetInstanceMetadataDefaults was denied")


@pytest.mark.parametrize(
    ("options", "allowed"),
    [
        (("required", "enabled", "applied"), None),
        (("optional", "disabled", "applied"), None),
        (("optional", "enabled", "applied"), "HttpTokens=optional, HttpEndpoint=enabled: IMDSv1"),
        # a change to required that is not yet in effect does not count yet
        (("required", "enabled", "pending"), "State=pending (not yet in effect)"),
        (("optional", "disabled", "pending"), "State=pending (not yet in effect)"),
    ],
)
def test_what_allows_imdsv1(options: tuple[str, str, str], allowed: str | None) -> None:
    reason = InstanceMetadataOptions(*options).imdsv1_allowed()

    if allowed is None:
        assert reason is None
    else:
        assert reason is not None
        assert allowed in reason


@pytest.mark.parametrize(
    ("tokens", "field"),
    [("required", "HttpTokens"), ("required", "State"), ("optional", "HttpEndpoint")],
)
def test_instance_without_its_metadata_options_is_a_missing_field(tokens: str, field: str) -> None:
    options = {"HttpTokens": tokens, "HttpEndpoint": "enabled", "State": "applied"}
    del options[field]
    instances = parse_instances([_page(options)], "us-east-1")

    with pytest.raises(MissingField, match="i-1 without MetadataOptions"):
        imds_judged(instances, "us-east-1")


def test_required_tokens_need_no_endpoint_to_be_judged() -> None:
    # IMDSv1 cannot answer where tokens are required, whatever the endpoint.
    options = {"HttpTokens": "required", "State": "applied"}
    instances = parse_instances([_page(options)], "us-east-1")

    (judged,) = imds_judged(instances, "us-east-1")

    assert judged.metadata_options is not None
    assert judged.metadata_options.imdsv1_allowed() is None


def test_instance_without_metadata_options_at_all_is_a_missing_field() -> None:
    instances = parse_instances([_page(None)], "us-east-1")

    with pytest.raises(MissingField, match="i-1 without MetadataOptions"):
        imds_judged(instances, "us-east-1")


def test_terminated_instance_without_metadata_options_is_not_judged() -> None:
    instances = parse_instances([_page(None, state="terminated")], "us-east-1")

    assert imds_judged(instances, "us-east-1") == []


def test_defaults_answer_without_account_level_is_a_missing_field() -> None:
    data = CannedAws().answer("ec2", "GetInstanceMetadataDefaults", {}).data()

    with pytest.raises(MissingField, match="returned no AccountLevel"):
        fetch_instance_metadata_defaults(data, "us-east-1")


def _page(options: dict[str, str] | None, state: str = "running") -> dict[str, Any]:
    instance: dict[str, Any] = {"InstanceId": "i-1", "State": {"Name": state}}
    if options is not None:
        instance["MetadataOptions"] = options
    return {"Reservations": [{"OwnerId": ACCOUNT_ID, "Instances": [instance]}]}
