"""rds/storage-encrypted (CIS 3.2.1) against moto, and the RDS reader's gaps."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.rds import parse_clusters, parse_instances
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "rds/test_storage_encrypted.py"
CASE = "test_storage_encrypted[prod-us-east-1]"


def rds(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "rds",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def make_instance(suite: Suite, name: str, region: str = "us-east-1", **settings: Any) -> str:
    """A MySQL DB instance; ``settings`` are CreateDBInstance parameters."""
    created = rds(suite, region).create_db_instance(
        DBInstanceIdentifier=name,
        Engine="mysql",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="admin",
        MasterUserPassword="not-a-real-password",
        **settings,
    )
    arn: str = created["DBInstance"]["DBInstanceArn"]
    return arn


def make_cluster(suite: Suite, name: str, encrypted: bool, members: int = 1) -> str:
    client = rds(suite)
    created = client.create_db_cluster(
        DBClusterIdentifier=name,
        Engine="aurora-postgresql",
        MasterUsername="admin",
        MasterUserPassword="not-a-real-password",
        StorageEncrypted=encrypted,
    )
    for number in range(members):
        client.create_db_instance(
            DBInstanceIdentifier=f"{name}-{number}",
            DBClusterIdentifier=name,
            Engine="aurora-postgresql",
            DBInstanceClass="db.r6g.large",
        )
    arn: str = created["DBCluster"]["DBClusterArn"]
    return arn


def test_encrypted_instances_and_clusters_pass(suite: Suite) -> None:
    make_instance(suite, "orders", StorageEncrypted=True)
    make_cluster(suite, "ledger", encrypted=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Unencrypted DB instances and clusters"] == "0"
    assert decided["RDS databases"] == (
        "2 DB instances in us-east-1 (1 in a DB cluster), 1 DB clusters"
    )


def test_region_without_databases_passes_with_that_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["RDS databases"].startswith("0 DB instances")


def test_unencrypted_instance_fails_with_its_arn(suite: Suite) -> None:
    make_instance(suite, "orders", StorageEncrypted=True)
    plain = make_instance(suite, "legacy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{plain}: mysql DB instance, StorageEncrypted false" in run.output
    assert "1 violation(s)" in run.output


def test_unencrypted_cluster_is_named_once_with_its_members(suite: Suite) -> None:
    arn = make_cluster(suite, "ledger", encrypted=False, members=2)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{arn}: aurora-postgresql DB cluster, StorageEncrypted false (members ledger-0, ledger-1)"
    ) in run.output
    assert "1 violation(s)" in run.output  # its members are not named again


def test_instance_beyond_the_first_page_is_checked(suite: Suite) -> None:
    for number in range(100):  # AWS and moto page DescribeDBInstances by 100
        make_instance(suite, f"db-{number}", StorageEncrypted=True)
    plain = make_instance(suite, "last")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{plain}: mysql DB instance, StorageEncrypted false" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert [c["action"] for c in calls].count("rds:DescribeDBInstances") == 2


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    make_instance(suite, "orders", StorageEncrypted=True)
    plain = make_instance(suite, "legacy", region="eu-west-1")

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {
        CASE: "compliant",
        "test_storage_encrypted[prod-eu-west-1]": "violation",
    }
    assert plain in run.output


@pytest.mark.parametrize("action", ["rds:DescribeDBInstances", "rds:DescribeDBClusters"])
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


INSTANCE = {
    "DBInstanceIdentifier": "orders",
    "DBInstanceArn": f"arn:aws:rds:us-east-1:{ACCOUNT_ID}:db:orders",
    "Engine": "mysql",
    "StorageEncrypted": True,
    "AutoMinorVersionUpgrade": True,
    "PubliclyAccessible": False,
    "MultiAZ": True,
}


@pytest.mark.parametrize(
    "field", ["StorageEncrypted", "AutoMinorVersionUpgrade", "PubliclyAccessible", "MultiAZ"]
)
def test_instance_without_a_deciding_field_is_a_missing_field(field: str) -> None:
    # Read as False (or True), it would pass or fail an instance on no evidence.
    item = {k: v for k, v in INSTANCE.items() if k != field}

    with pytest.raises(MissingField, match=f"for orders returned no {field}"):
        parse_instances([{"DBInstances": [item]}], "us-east-1")


def test_instance_with_a_non_boolean_field_is_a_missing_field() -> None:
    item = {**INSTANCE, "StorageEncrypted": "true"}

    with pytest.raises(MissingField, match="StorageEncrypted as str, not bool"):
        parse_instances([{"DBInstances": [item]}], "us-east-1")


def test_cluster_without_storage_encrypted_is_a_missing_field() -> None:
    cluster = {
        "DBClusterIdentifier": "ledger",
        "DBClusterArn": f"arn:aws:rds:us-east-1:{ACCOUNT_ID}:cluster:ledger",
        "Engine": "aurora-mysql",
        "MultiAZ": False,
        "DBClusterMembers": [],
    }

    with pytest.raises(MissingField, match="for ledger returned no StorageEncrypted"):
        parse_clusters([{"DBClusters": [cluster]}], "us-east-1")
