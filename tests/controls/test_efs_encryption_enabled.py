"""efs/encryption-enabled (CIS 3.3.1) against moto."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.efs import parse_file_systems
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "efs/test_encryption_enabled.py"
CASE = "test_encryption_enabled[prod-us-east-1]"


def efs(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "efs",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def make_file_system(suite: Suite, token: str, encrypted: bool, region: str = "us-east-1") -> str:
    created = efs(suite, region).create_file_system(CreationToken=token, Encrypted=encrypted)
    arn: str = created["FileSystemArn"]
    return arn


def test_encrypted_file_systems_pass(suite: Suite) -> None:
    make_file_system(suite, "shared", encrypted=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Unencrypted file systems"] == "0"
    assert decided["EFS file systems"] == "1 in us-east-1"


def test_unencrypted_file_system_fails_with_its_arn(suite: Suite) -> None:
    make_file_system(suite, "shared", encrypted=True)
    plain = make_file_system(suite, "legacy", encrypted=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{plain}: available, Encrypted false" in run.output
    assert "1 violation(s)" in run.output


def test_file_system_beyond_the_first_page_is_checked(suite: Suite) -> None:
    for number in range(10):  # moto pages DescribeFileSystems by 10 (AWS by 100)
        make_file_system(suite, f"fs-{number}", encrypted=True)
    plain = make_file_system(suite, "last", encrypted=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{plain}: available, Encrypted false" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert [c["action"] for c in calls].count("elasticfilesystem:DescribeFileSystems") == 2


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    make_file_system(suite, "shared", encrypted=True)
    plain = make_file_system(suite, "legacy", encrypted=False, region="eu-west-1")

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {
        CASE: "compliant",
        "test_encryption_enabled[prod-eu-west-1]": "violation",
    }
    assert plain in run.output


def test_denied_describe_file_systems_is_an_error(suite: Suite) -> None:
    suite.deny("elasticfilesystem:DescribeFileSystems")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the elasticfilesystem:DescribeFileSystems permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_file_system_without_encrypted_is_a_missing_field() -> None:
    # Read as False it would fail, read as True pass, a file system on no evidence.
    item = {
        "FileSystemId": "fs-1",
        "FileSystemArn": f"arn:aws:elasticfilesystem:us-east-1:{ACCOUNT_ID}:file-system/fs-1",
        "LifeCycleState": "available",
    }

    with pytest.raises(MissingField, match="for fs-1 returned no Encrypted"):
        parse_file_systems([{"FileSystems": [item]}], "us-east-1")
