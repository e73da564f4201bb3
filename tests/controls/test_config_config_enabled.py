"""config/config-enabled (CIS 4.3) against moto: each region, and global resource types
judged once, in the home region."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import boto3
import pytest

from fixtures.aws import config as config_data
from fixtures.aws.config import parse_region_config
from fixtures.results.errors import AccessDenied, MissingField
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "config/test_config_enabled.py"
CASE = "test_config_enabled[prod-us-east-1]"
EU_CASE = "test_config_enabled[prod-eu-west-1]"
ALL = {"allSupported": True, "includeGlobalResourceTypes": True}
ALL_BUT_GLOBAL = {"allSupported": True, "includeGlobalResourceTypes": False}


def config(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "config",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def record(
    suite: Suite, region: str = "us-east-1", group: dict[str, Any] | None = None, start: bool = True
) -> None:
    """A recorder (``group`` its recording group) with a delivery channel in ``region``."""
    client = config(suite, region)
    client.put_configuration_recorder(
        ConfigurationRecorder={
            "name": "default",
            "roleARN": f"arn:aws:iam::{ACCOUNT_ID}:role/config",
            "recordingGroup": ALL if group is None else group,
        }
    )
    client.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "config"})
    if start:
        client.start_configuration_recorder(ConfigurationRecorderName="default")


def two_regions(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )


def test_recording_everything_passes(suite: Suite) -> None:
    record(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Recorder that meets CIS 4.3"] == "default"
    assert decided["Delivery channels in us-east-1"] == "default"
    assert decided["Regions recording global resource types (read in each checked region)"] == (
        "us-east-1"
    )


def test_v2_recording_strategy_all_supported_passes(suite: Suite) -> None:
    record(
        suite,
        group={
            "allSupported": True,
            "includeGlobalResourceTypes": True,
            "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"},
        },
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_region_without_a_recorder_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "AWS Config in us-east-1: no configuration recorder" in run.output
    assert "AWS Config in us-east-1: no delivery channel" in run.output


def test_stopped_recorder_fails(suite: Suite) -> None:
    record(suite, start=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "AWS Config in us-east-1: recorder 'default' is not recording" in run.output


def test_recorder_of_selected_types_fails(suite: Suite) -> None:
    record(
        suite,
        group={"allSupported": False, "resourceTypes": ["AWS::S3::Bucket"]},
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "recorder 'default' records only selected resource types" in run.output


def test_recorder_with_exclusions_fails(suite: Suite) -> None:
    record(
        suite,
        group={
            "allSupported": False,
            "exclusionByResourceTypes": {"resourceTypes": ["AWS::EC2::Instance"]},
            "recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"},
        },
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "recorder 'default' excludes resource types AWS::EC2::Instance" in run.output


def test_each_region_is_judged_and_globals_once_in_the_home_region(suite: Suite) -> None:
    two_regions(suite)
    record(suite, "us-east-1", ALL_BUT_GLOBAL)
    record(suite, "eu-west-1", ALL)  # global types recorded here: enough for the account

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {CASE: "compliant", EU_CASE: "compliant"}
    evidence = run.evidence()
    assert (
        evidence[CASE]["decided_by"][
            "Regions recording global resource types (read in each checked region)"
        ]
        == "eu-west-1"
    )
    assert evidence[EU_CASE]["decided_by"]["Global resource types"] == (
        "judged once for the account, in us-east-1"
    )


def test_no_region_recording_global_types_fails_the_home_region_only(suite: Suite) -> None:
    two_regions(suite)
    record(suite, "us-east-1", ALL_BUT_GLOBAL)
    record(suite, "eu-west-1", ALL_BUT_GLOBAL)

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {CASE: "violation", EU_CASE: "compliant"}
    assert (
        "no checked region records global resource types (includeGlobalResourceTypes);"
        " checked us-east-1, eu-west-1"
    ) in run.output


def test_region_without_config_fails_while_the_other_passes(suite: Suite) -> None:
    two_regions(suite)
    record(suite, "us-east-1")

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {CASE: "compliant", EU_CASE: "violation"}
    assert "AWS Config in eu-west-1: no configuration recorder" in run.output


@pytest.mark.parametrize(
    "action",
    [
        "config:DescribeConfigurationRecorders",
        "config:DescribeConfigurationRecorderStatus",
        "config:DescribeDeliveryChannels",
    ],
)
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    record(suite)
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_unreadable_other_region_leaves_global_types_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only eu-west-1 could record them, and it cannot be read: no verdict either way.
    without_globals = {"allSupported": True, "includeGlobalResourceTypes": False}
    home = parse_region_config(
        "us-east-1", [STATUS], [{**RECORDER, "recordingGroup": without_globals}], []
    )

    def fetch(aws: Any, region: str) -> Any:
        if region == "eu-west-1":
            raise AccessDenied("config:DescribeConfigurationRecorders was denied in eu-west-1")
        return home

    monkeypatch.setattr(config_data, "fetch_region_config", fetch)
    account = SimpleNamespace(
        regions=("us-east-1", "eu-west-1"),
        session=SimpleNamespace(config=SimpleNamespace(home_region="us-east-1")),
    )

    with pytest.raises(AccessDenied, match="denied in eu-west-1"):
        config_data.fetch_global_types(None, account)  # type: ignore[arg-type]


def test_readable_region_recording_global_types_outweighs_an_unreadable_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = parse_region_config("us-east-1", [STATUS], [RECORDER], [CHANNEL])

    def fetch(aws: Any, region: str) -> Any:
        if region == "eu-west-1":
            raise AccessDenied("denied")
        return home

    monkeypatch.setattr(config_data, "fetch_region_config", fetch)
    account = SimpleNamespace(
        regions=("us-east-1", "eu-west-1"),
        session=SimpleNamespace(config=SimpleNamespace(home_region="us-east-1")),
    )

    found = config_data.fetch_global_types(None, account)  # type: ignore[arg-type]

    assert found.recorded_in == ("us-east-1",)


RECORDER = {"name": "default", "recordingGroup": ALL}
STATUS = {"name": "default", "recording": True, "lastStatus": "SUCCESS"}
CHANNEL = {"name": "default"}


def test_failing_recorder_is_a_problem() -> None:
    status = {
        **STATUS,
        "lastStatus": "FAILURE",
        "lastErrorCode": "AccessDenied",
        "lastErrorMessage": "role cannot write",
    }

    found = parse_region_config("us-east-1", [status], [RECORDER], [CHANNEL])

    assert found.problems() == [
        "recorder 'default' last failed to record (AccessDenied: role cannot write)"
    ]


def test_pending_recorder_is_no_problem() -> None:
    found = parse_region_config(
        "us-east-1", [{**STATUS, "lastStatus": "PENDING"}], [RECORDER], [CHANNEL]
    )

    assert found.problems() == []


def test_recording_without_a_delivery_channel_is_a_problem() -> None:
    found = parse_region_config("us-east-1", [STATUS], [RECORDER], [])

    assert found.problems() == ["no delivery channel"]


def test_recorder_without_its_status_is_a_missing_field() -> None:
    with pytest.raises(MissingField, match="returned no status for recorder 'default'"):
        parse_region_config("us-east-1", [], [RECORDER], [CHANNEL])


def test_status_without_recording_is_a_missing_field() -> None:
    with pytest.raises(MissingField, match="for 'default' returned no recording"):
        parse_region_config("us-east-1", [{"name": "default"}], [RECORDER], [CHANNEL])


def test_recorder_without_a_recording_group_records_all_types() -> None:
    # Only a missing recordingGroup means AWS's default: every supported resource type.
    found = parse_region_config("us-east-1", [STATUS], [{"name": "default"}], [CHANNEL])

    assert found.problems() == []


def test_group_listing_types_without_all_supported_records_only_those() -> None:
    # allSupported defaults to true only when a group is created; a group answered with
    # resourceTypes and no allSupported records those types only: a CIS 4.3 violation.
    recorder = {"name": "default", "recordingGroup": {"resourceTypes": ["AWS::S3::Bucket"]}}

    found = parse_region_config("us-east-1", [STATUS], [recorder], [CHANNEL])

    assert found.problems() == ["recorder 'default' records only selected resource types"]


@pytest.mark.parametrize("group", [{}, {"includeGlobalResourceTypes": True}])
def test_group_saying_neither_all_supported_nor_types_is_a_missing_field(
    group: dict[str, Any],
) -> None:
    recorder = {"name": "default", "recordingGroup": group}

    with pytest.raises(MissingField, match="without allSupported, a recording strategy or"):
        parse_region_config("us-east-1", [STATUS], [recorder], [CHANNEL])


def test_exclusion_strategy_without_its_list_is_a_missing_field() -> None:
    group = {"recordingStrategy": {"useOnly": "EXCLUSION_BY_RESOURCE_TYPES"}}
    recorder = {"name": "default", "recordingGroup": group}

    with pytest.raises(MissingField, match="without exclusionByResourceTypes"):
        parse_region_config("us-east-1", [STATUS], [recorder], [CHANNEL])
