"""iam/resource-policies-not-public (CIS 2.21): the resource types beyond the first nine,
the conditions that name known callers, and the settings that neutralise a public policy."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from fixtures.analysis.policy_documents import parse_policy
from fixtures.aws.resource_policies import fetch_resource_policies, restricting_conditions
from fixtures.demo.moto.ec2_snapshot_bpa import set_snapshot_block_public_access
from fixtures.results.errors import AccessDenied, MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedByParams
from tests.controls.test_iam_resource_policies_not_public import (
    CASE,
    CONTROL,
    REGION,
    client,
    empty_region,
    make_bucket,
    policy,
    public,
)

BUS = f"arn:aws:events:{REGION}:{ACCOUNT_ID}:event-bus/default"
ACCEPTED = "Public principals accepted because of a condition"
NEUTRALISED = (
    "Public statements no one outside the account can use (a setting or a Deny neutralises them)"
)


def open_default_bus(suite: Suite) -> str:
    """The issue's input: the default bus lets everyone call events:PutEvents."""
    client(suite, "events").put_permission(
        EventBusName="default", Policy=policy(public("AnyonePuts", "events:PutEvents", BUS))
    )
    return BUS


def test_public_default_event_bus_fails(suite: Suite) -> None:
    open_default_bus(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{BUS} (EventBridge event bus): Sid 'AnyonePuts'" in run.output
    assert 'grants access to Principal "*"' in run.output


def test_event_bus_open_to_the_organization_passes() -> None:
    confined = public(
        "Org",
        "events:PutEvents",
        BUS,
        Condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
    )
    canned = empty_region().answer(
        "events",
        "ListEventBuses",
        {"EventBuses": [{"Name": "default", "Arn": BUS, "Policy": policy(confined)}]},
    )

    (bus,) = fetch_resource_policies(canned.data(), REGION).by_service["events"]

    (item,) = bus.statements or ()
    assert restricting_conditions(item.statement) == [
        'StringEquals aws:PrincipalOrgID "o-a1b2c3d4e5"'
    ]


def test_public_event_bus_on_the_second_page_is_found(suite: Suite) -> None:
    events = client(suite, "events")
    for number in range(100):  # ListEventBuses is asked for 100 buses a page
        events.create_event_bus(Name=f"bus-{number:03d}")
    arn = events.create_event_bus(Name="zz-late")["EventBusArn"]
    events.put_permission(
        EventBusName="zz-late", Policy=policy(public("Late", "events:PutEvents", arn))
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (EventBridge event bus): Sid 'Late'" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert len([c for c in calls if c["action"] == "events:ListEventBuses"]) == 2


def test_event_bus_list_without_its_list_cannot_be_assessed() -> None:
    canned = empty_region().answer("events", "ListEventBuses", {})

    with pytest.raises(MissingField, match="events:ListEventBuses returned no EventBuses"):
        fetch_resource_policies(canned.data(), REGION)


# --- every other type read: a public resource fails naming it; a private one passes ----


def _efs(suite: Suite, document: str | None) -> str:
    efs = client(suite, "efs")
    system = efs.create_file_system(CreationToken="files")
    if document:
        efs.put_file_system_policy(FileSystemId=system["FileSystemId"], Policy=document)
    arn: str = system["FileSystemArn"]
    return arn


def _vault(suite: Suite, document: str | None) -> str:
    backup = client(suite, "backup")
    arn: str = backup.create_backup_vault(BackupVaultName="vault")["BackupVaultArn"]
    if document:
        backup.put_backup_vault_access_policy(BackupVaultName="vault", Policy=document)
    return arn


def _table(suite: Suite, document: str | None, on_stream: bool = False) -> str:
    dynamodb = client(suite, "dynamodb")
    table = dynamodb.create_table(
        TableName="orders",
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
    )["TableDescription"]
    arn: str = table["LatestStreamArn"] if on_stream else table["TableArn"]
    if document:
        dynamodb.put_resource_policy(ResourceArn=arn, Policy=document)
    return arn


def _stream(suite: Suite, document: str | None) -> str:
    kinesis = client(suite, "kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    arn: str = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"][
        "StreamARN"
    ]
    if document:
        kinesis.put_resource_policy(ResourceARN=arn, Policy=document)
    return arn


def _logs(suite: Suite, document: str | None) -> str:
    if document:
        client(suite, "logs").put_resource_policy(policyName="shared", policyDocument=document)
    return f"arn:aws:logs:{REGION}:{ACCOUNT_ID}:resource-policy:shared"


def _private_logs_policy() -> str:
    return policy(
        {
            "Sid": "RouteFromDns",
            "Effect": "Allow",
            "Principal": {"Service": "route53.amazonaws.com"},
            "Action": "logs:PutLogEvents",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}},
        }
    )


def _role(suite: Suite, document: str | None) -> str:
    trust = document or policy(
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    )
    arn: str = client(suite, "iam").create_role(
        RoleName="open-role", AssumeRolePolicyDocument=trust
    )["Role"]["Arn"]
    return arn


def _snapshot(suite: Suite, shared: bool) -> str:
    ec2 = client(suite, "ec2")
    volume = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=1)
    snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"])["SnapshotId"]
    if shared:
        ec2.modify_snapshot_attribute(
            SnapshotId=snapshot,
            Attribute="createVolumePermission",
            OperationType="add",
            GroupNames=["all"],
        )
    return f"arn:aws:ec2:{REGION}:{ACCOUNT_ID}:snapshot/{snapshot}"


def _db_snapshot(suite: Suite, shared: bool) -> str:
    rds = client(suite, "rds")
    rds.create_db_instance(
        DBInstanceIdentifier="db",
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        MasterUsername="admin1",
        MasterUserPassword="correct-horse-1",
        AllocatedStorage=20,
    )
    arn: str = rds.create_db_snapshot(DBSnapshotIdentifier="nightly", DBInstanceIdentifier="db")[
        "DBSnapshot"
    ]["DBSnapshotArn"]
    if shared:
        rds.modify_db_snapshot_attribute(
            DBSnapshotIdentifier="nightly", AttributeName="restore", ValuesToAdd=["all"]
        )
    return arn


def _image(suite: Suite, shared: bool) -> str:
    ec2 = client(suite, "ec2")
    instance = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]
    image = ec2.create_image(InstanceId=instance["InstanceId"], Name="golden")["ImageId"]
    if shared:
        ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})
    return f"arn:aws:ec2:{REGION}:{ACCOUNT_ID}:image/{image}"


def _doc(sid: str, action: str) -> str:
    return policy(public(sid, action))


# type -> (arrange public, arrange private, what the failure names, evidence count key)
TYPES: dict[str, tuple[Callable[[Suite], str], Callable[[Suite], str], str, str]] = {
    "efs": (
        lambda s: _efs(s, _doc("AnyoneMounts", "elasticfilesystem:ClientMount")),
        lambda s: _efs(s, None),
        "(EFS file system): Sid 'AnyoneMounts'",
        "EFS file systems",
    ),
    "backup": (
        lambda s: _vault(s, _doc("AnyoneRestores", "backup:CopyIntoBackupVault")),
        lambda s: _vault(s, None),
        "(AWS Backup vault): Sid 'AnyoneRestores'",
        "AWS Backup vaults",
    ),
    "dynamodb-table": (
        lambda s: _table(s, _doc("AnyoneReads", "dynamodb:GetItem")),
        lambda s: _table(s, None),
        "(DynamoDB table): Sid 'AnyoneReads'",
        "DynamoDB tables and streams",
    ),
    "kinesis": (
        lambda s: _stream(s, _doc("AnyoneReads", "kinesis:GetRecords")),
        lambda s: _stream(s, None),
        "(Kinesis data stream): Sid 'AnyoneReads'",
        "Kinesis data streams",
    ),
    "logs": (
        lambda s: _logs(s, _doc("AnyoneWrites", "logs:PutLogEvents")),
        lambda s: _logs(s, _private_logs_policy()),
        "(CloudWatch Logs resource policy): Sid 'AnyoneWrites'",
        "CloudWatch Logs resource policies",
    ),
    "iam": (
        lambda s: _role(s, _doc("AnyoneAssumes", "sts:AssumeRole")),
        lambda s: _role(s, None),
        "(IAM role): Sid 'AnyoneAssumes'",
        "IAM roles (trust policies)",
    ),
    "ebs": (
        lambda s: _snapshot(s, shared=True),
        lambda s: _snapshot(s, shared=False),
        "(EBS snapshot): Sid 'createVolumePermission group all'",
        "EBS snapshots",
    ),
    "rds": (
        lambda s: _db_snapshot(s, shared=True),
        lambda s: _db_snapshot(s, shared=False),
        "(RDS DB snapshot): Sid 'restore attribute all'",
        "RDS DB and cluster snapshots (manual)",
    ),
    "ami": (
        lambda s: _image(s, shared=True),
        lambda s: _image(s, shared=False),
        "(AMI): Sid 'launchPermission group all'",
        "AMIs",
    ),
}


@pytest.mark.parametrize("kind", list(TYPES))
def test_public_resource_of_each_type_fails_naming_it(suite: Suite, kind: str) -> None:
    arrange, _, named, _ = TYPES[kind]
    arn = arrange(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} {named}" in run.output
    assert "grants access to Principal" in run.output


@pytest.mark.parametrize("kind", list(TYPES))
def test_private_resource_of_each_type_passes_counted(suite: Suite, kind: str) -> None:
    _, arrange, _, counted = TYPES[kind]
    arrange(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert not decided[counted].startswith("0 ")
    assert "S3 directory buckets: " in decided["Resource types not read, and why"]


@pytest.mark.parametrize(
    ("denied", "named"),
    [
        ("events:ListEventBuses", "EventBridge"),
        ("elasticfilesystem:DescribeFileSystems", "EFS"),
        ("dynamodb:ListTables", "DynamoDB"),
        ("backup:ListBackupVaults", "AWS Backup"),
        ("kinesis:ListStreams", "Kinesis"),
        ("logs:DescribeResourcePolicies", "CloudWatch Logs"),
        ("ec2:DescribeSnapshots", "EBS"),
        ("rds:DescribeDBSnapshots", "RDS"),
        ("ec2:DescribeImages", "EC2 AMI"),
        ("iam:ListRoles", "IAM"),
    ],
)
def test_denied_read_of_each_type_is_an_error_naming_it(
    suite: Suite, denied: str, named: str
) -> None:
    suite.deny(denied)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"{named} resource policies could not be read" in run.output
    assert f"needs the {denied} permission" in run.output


def test_denied_backup_vault_access_policy_is_an_error(suite: Suite) -> None:
    _vault(suite, None)
    suite.deny("backup:GetBackupVaultAccessPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "AWS Backup resource policies could not be read" in run.output
    assert "needs the backup:GetBackupVaultAccessPolicy permission" in run.output


def test_iam_roles_are_judged_once_by_the_home_region(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    arn = _role(suite, _doc("AnyoneAssumes", "sts:AssumeRole"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1, failed=1)
    assert run.verdicts()[CASE] == "violation"
    assert f"{arn} (IAM role)" in run.output
    other = run.evidence()["test_resource_policies_not_public[prod-eu-west-1]"]["decided_by"]
    assert other["IAM roles (trust policies)"] == "account-wide: judged in us-east-1's result"


# --- C: conditions that name known callers ---------------------------------------------


def test_bucket_open_to_the_sessions_of_one_role_passes_quoting_the_condition(suite: Suite) -> None:
    make_bucket(
        suite,
        "role-bucket",
        policy(
            public(
                "OneRole",
                "s3:GetObject",
                "arn:aws:s3:::role-bucket/*",
                Principal={"AWS": "*"},
                Condition={"StringLike": {"aws:userId": "AROAEXAMPLEROLEID01:*"}},
            )
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    accepted = run.evidence()[CASE]["decided_by"][ACCEPTED]
    assert "arn:aws:s3:::role-bucket (S3 bucket): Sid 'OneRole'" in accepted
    assert 'StringLike aws:userId "AROAEXAMPLEROLEID01:*"' in accepted


@pytest.mark.parametrize(
    ("condition", "confines"),
    [
        # aws:userid: the unique id before the colon must be literal
        ({"StringLike": {"aws:userid": "AROAEXAMPLEROLEID01:*"}}, True),
        ({"StringEquals": {"aws:userid": "AIDAEXAMPLEUSERID0001"}}, True),
        ({"StringLike": {"aws:userid": f"{ACCOUNT_ID}:*"}}, True),
        ({"StringLike": {"aws:userid": ["AROAEXAMPLEROLEID01:*", "AIDAEXAMPLEUSERID0001"]}}, True),
        ({"StringLike": {"aws:userid": "*"}}, False),
        ({"StringLike": {"aws:userid": "AROA*"}}, False),
        ({"StringLike": {"aws:userid": "AROA*:*"}}, False),
        ({"StringLike": {"aws:userid": "*:alice"}}, False),
        ({"StringLike": {"aws:userid": "AROAEXAMPLEROLEID01?:*"}}, False),
        ({"StringEquals": {"aws:userid": "${aws:userid}"}}, False),
        ({"StringLike": {"aws:userid": ["AROAEXAMPLEROLEID01:*", "*"]}}, False),
        ({"StringEqualsIfExists": {"aws:userid": "AROAEXAMPLEROLEID01:*"}}, False),
        # s3:DataAccessPointAccount / Arn: requests through one account's access points
        ({"StringEquals": {"s3:DataAccessPointAccount": ACCOUNT_ID}}, True),
        ({"StringLike": {"s3:DataAccessPointAccount": "*"}}, False),
        (
            {
                "ArnLike": {
                    "s3:DataAccessPointArn": f"arn:aws:s3:{REGION}:{ACCOUNT_ID}:accesspoint/*"
                }
            },
            True,
        ),
        ({"ArnLike": {"s3:DataAccessPointArn": f"arn:aws:s3:{REGION}:*:accesspoint/*"}}, False),
        # aws:SourceVpcArn: a VPC ARN names its account
        (
            {"ArnEquals": {"aws:SourceVpcArn": f"arn:aws:ec2:{REGION}:{ACCOUNT_ID}:vpc/vpc-1a2b"}},
            True,
        ),
        ({"ArnLike": {"aws:SourceVpcArn": "arn:aws:ec2:*:*:vpc/*"}}, False),
        # keys that do not say who, even with a literal value
        ({"StringEquals": {"aws:username": "admin"}}, False),
        ({"StringEquals": {"aws:ResourceAccount": ACCOUNT_ID}}, False),
        ({"ForAnyValue:StringEquals": {"aws:CalledVia": "cloudformation.amazonaws.com"}}, False),
        ({"StringEquals": {"aws:PrincipalServiceName": "cloudtrail.amazonaws.com"}}, False),
        ({"Bool": {"aws:PrincipalIsAWSService": "true"}}, False),
        ({"IpAddress": {"aws:VpcSourceIp": "10.0.0.0/16"}}, False),
        ({"StringEquals": {"aws:PrincipalTag/team": "ops"}}, False),
        ({"StringEquals": {"sts:ExternalId": "secret"}}, False),
        ({"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}, False),
    ],
)
def test_which_caller_keys_confine_a_public_principal(
    condition: dict[str, Any], confines: bool
) -> None:
    (statement,) = parse_policy(policy(public("S", "s3:GetObject", Condition=condition)), "test")

    assert bool(restricting_conditions(statement)) is confines


# --- F: settings that keep a public bucket policy from anyone outside the account ------

OPEN_READ = "Sid 'OpenRead': Allow Action ['s3:GetObject']"


def _open_bucket(suite: Suite, name: str) -> str:
    return make_bucket(
        suite, name, policy(public("OpenRead", "s3:GetObject", f"arn:aws:s3:::{name}/*"))
    )


def test_bucket_block_public_access_restricting_public_buckets_passes(suite: Suite) -> None:
    arn = _open_bucket(suite, "restricted-bucket")
    client(suite, "s3").put_public_access_block(
        Bucket="restricted-bucket",
        PublicAccessBlockConfiguration={"RestrictPublicBuckets": True},
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    neutralised = run.evidence()[CASE]["decided_by"][NEUTRALISED]
    assert f"{arn} (S3 bucket): {OPEN_READ}" in neutralised
    assert (
        "neutralised by the bucket's Block Public Access RestrictPublicBuckets=true"
        " (s3:GetBucketPublicAccessBlock)" in neutralised
    )


def test_account_block_public_access_restricting_public_buckets_passes(suite: Suite) -> None:
    arn = _open_bucket(suite, "account-restricted")
    client(suite, "s3control").put_public_access_block(
        AccountId=ACCOUNT_ID, PublicAccessBlockConfiguration={"RestrictPublicBuckets": True}
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    neutralised = run.evidence()[CASE]["decided_by"][NEUTRALISED]
    assert f"{arn} (S3 bucket): {OPEN_READ}" in neutralised
    assert "the account's Block Public Access RestrictPublicBuckets=true" in neutralised
    actions = {call["action"] for call in run.evidence()[CASE]["api_calls"]}
    assert {"s3:GetBucketPublicAccessBlock", "s3:GetAccountPublicAccessBlock"} <= actions


def test_block_public_policy_alone_does_not_neutralise_a_policy_already_set(suite: Suite) -> None:
    arn = _open_bucket(suite, "blocked-new-only")
    client(suite, "s3").put_public_access_block(
        Bucket="blocked-new-only",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": False,
        },
    )
    client(suite, "s3control").put_public_access_block(
        AccountId=ACCOUNT_ID, PublicAccessBlockConfiguration={"BlockPublicPolicy": True}
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (S3 bucket): {OPEN_READ}" in run.output


BUCKET = "open-bucket"


def _canned_open_bucket() -> CannedByParams:
    canned = CannedByParams()
    empty_region(canned)
    canned.answer("s3", "ListBuckets", {"Buckets": [{"Name": BUCKET}]})
    canned.answer("s3", "GetBucketLocation", {"LocationConstraint": None})
    canned.answer("s3", "GetBucketPolicy", {"Policy": policy(public("OpenRead", "s3:GetObject"))})
    return canned


def test_unreadable_block_public_access_of_a_public_bucket_cannot_be_assessed() -> None:
    canned = _canned_open_bucket()
    canned.answer_when(
        "s3", "GetPublicAccessBlock", {"Bucket": BUCKET}, "NoSuchPublicAccessBlockConfiguration"
    )
    canned.answer_when("s3control", "GetPublicAccessBlock", {}, "AccessDenied")

    with pytest.raises(AccessDenied, match="s3:GetAccountPublicAccessBlock"):
        fetch_resource_policies(canned.data(), REGION)


def test_one_unreadable_setting_does_not_matter_when_the_other_restricts() -> None:
    canned = _canned_open_bucket()
    canned.answer_when("s3", "GetPublicAccessBlock", {"Bucket": BUCKET}, "AccessDenied")
    canned.answer(
        "s3control",
        "GetPublicAccessBlock",
        {"PublicAccessBlockConfiguration": {"RestrictPublicBuckets": True}},
    )

    (bucket,) = fetch_resource_policies(canned.data(), REGION).by_service["s3"]

    assert bucket.neutralised_by is not None
    assert "account's Block Public Access" in bucket.neutralised_by


def test_block_public_access_answer_without_its_configuration_cannot_be_assessed() -> None:
    canned = _canned_open_bucket()
    canned.answer("s3", "GetPublicAccessBlock", {})
    canned.answer_when(
        "s3control", "GetPublicAccessBlock", {}, "NoSuchPublicAccessBlockConfiguration"
    )

    with pytest.raises(MissingField, match="returned no PublicAccessBlockConfiguration"):
        fetch_resource_policies(canned.data(), REGION)


def test_block_public_access_is_not_read_for_buckets_without_a_public_statement() -> None:
    canned = _canned_open_bucket()
    canned.answer(
        "s3",
        "GetBucketPolicy",
        {
            "Policy": policy(
                public(
                    "Org",
                    "s3:GetObject",
                    Condition={"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
                )
            )
        },
    )
    # An unreadable setting cannot change this verdict, so it is not asked for.
    canned.answer_when("s3", "GetPublicAccessBlock", {}, "AccessDenied")
    canned.answer_when("s3control", "GetPublicAccessBlock", {}, "AccessDenied")

    (bucket,) = fetch_resource_policies(canned.data(), REGION).by_service["s3"]

    assert bucket.neutralised_by is None


# --- I: answers without the fields AWS always sends ------------------------------------

SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT_ID}:secret:db-AbCdEf"


def test_secret_policy_answer_without_arn_and_name_cannot_be_assessed() -> None:
    canned = empty_region().answer(
        "secretsmanager", "ListSecrets", {"SecretList": [{"ARN": SECRET}]}
    )
    canned.answer("secretsmanager", "GetResourcePolicy", {})  # an empty body, read as {}

    with pytest.raises(
        MissingField, match=f"secretsmanager:GetResourcePolicy for {SECRET} returned no ARN"
    ):
        fetch_resource_policies(canned.data(), REGION)


def test_secret_without_a_policy_is_read_as_none() -> None:
    canned = empty_region().answer(
        "secretsmanager", "ListSecrets", {"SecretList": [{"ARN": SECRET}]}
    )
    canned.answer("secretsmanager", "GetResourcePolicy", {"ARN": SECRET, "Name": "db"})

    (secret,) = fetch_resource_policies(canned.data(), REGION).by_service["secretsmanager"]

    assert secret.statements is None


def test_sharing_attribute_answers_without_their_fields_cannot_be_assessed() -> None:
    canned = empty_region().answer(
        "ec2", "DescribeSnapshots", {"Snapshots": [{"SnapshotId": "snap-1"}]}
    )
    canned.answer("ec2", "DescribeSnapshotAttribute", {})

    with pytest.raises(
        MissingField, match="DescribeSnapshotAttribute for snap-1 returned no SnapshotId"
    ):
        fetch_resource_policies(canned.data(), REGION)


def test_image_without_its_public_flag_cannot_be_assessed() -> None:
    canned = empty_region().answer(
        "ec2", "DescribeImages", {"Images": [{"ImageId": "ami-1", "OwnerId": ACCOUNT_ID}]}
    )

    with pytest.raises(MissingField, match="ec2:DescribeImages for ami-1 returned no Public"):
        fetch_resource_policies(canned.data(), REGION)


def test_a_tables_stream_is_read_with_its_own_policy() -> None:
    # moto keeps no policy on a stream (PutResourcePolicy refuses its ARN); AWS does.
    table = f"arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/orders"
    stream = f"{table}/stream/2026-01-01T00:00:00.000"
    canned = CannedByParams()
    empty_region(canned)
    canned.answer("dynamodb", "ListTables", {"TableNames": ["orders"]})
    canned.answer(
        "dynamodb", "DescribeTable", {"Table": {"TableArn": table, "LatestStreamArn": stream}}
    )
    canned.answer_when(
        "dynamodb", "GetResourcePolicy", {"ResourceArn": table}, "PolicyNotFoundException"
    )
    canned.answer_when(
        "dynamodb",
        "GetResourcePolicy",
        {"ResourceArn": stream},
        {"Policy": policy(public("AnyoneStreams", "dynamodb:GetRecords"))},
    )

    found = fetch_resource_policies(canned.data(), REGION).by_service["dynamodb"]

    grantees = {(r.kind, r.arn): [i.public_grantee() for i in r.statements or ()] for r in found}
    assert grantees == {
        ("DynamoDB table", table): [],
        ("DynamoDB stream", stream): ['Principal "*"'],
    }


def test_table_answer_without_its_arn_cannot_be_assessed() -> None:
    canned = empty_region().answer("dynamodb", "ListTables", {"TableNames": ["orders"]})
    canned.answer("dynamodb", "DescribeTable", {"Table": {}})

    with pytest.raises(MissingField, match="DescribeTable for table orders returned no TableArn"):
        fetch_resource_policies(canned.data(), REGION)


def test_kinesis_empty_policy_document_is_no_policy() -> None:
    stream = f"arn:aws:kinesis:{REGION}:{ACCOUNT_ID}:stream/clicks"
    canned = empty_region().answer(
        "kinesis",
        "ListStreams",
        {"StreamNames": ["clicks"], "StreamSummaries": [{"StreamARN": stream}]},
    )
    canned.answer("kinesis", "GetResourcePolicy", {"Policy": "{}"})

    (found,) = fetch_resource_policies(canned.data(), REGION).by_service["kinesis"]

    assert (found.arn, found.statements) == (stream, None)


# --- F for EBS: block public access for snapshots -------------------------------------


def test_public_snapshot_under_block_all_sharing_passes_naming_the_setting(suite: Suite) -> None:
    arn = _snapshot(suite, shared=True)
    set_snapshot_block_public_access(ACCOUNT_ID, REGION, "block-all-sharing")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    neutralised = run.evidence()[CASE]["decided_by"][NEUTRALISED]
    assert f"{arn} (EBS snapshot): Sid 'createVolumePermission group all'" in neutralised
    assert "State=block-all-sharing (ec2:GetSnapshotBlockPublicAccessState)" in neutralised


def test_public_snapshot_under_block_new_sharing_fails(suite: Suite) -> None:
    arn = _snapshot(suite, shared=True)
    set_snapshot_block_public_access(ACCOUNT_ID, REGION, "block-new-sharing")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (EBS snapshot)" in run.output


@pytest.mark.parametrize(("shared", "outcome"), [(False, "passed"), (True, "errors")])
def test_unreadable_snapshot_block_public_access_matters_only_for_a_public_snapshot(
    suite: Suite, shared: bool, outcome: str
) -> None:
    _snapshot(suite, shared=shared)
    suite.deny("ec2:GetSnapshotBlockPublicAccessState")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(**{outcome: 1})
    denied = "ec2:GetSnapshotBlockPublicAccessState was denied" in run.output
    assert denied is shared
    if shared:
        assert "EBS resource policies could not be read" in run.output


# --- S3 access points ------------------------------------------------------------------


def _access_point(suite: Suite, name: str, restrict: bool | None, document: str | None) -> str:
    client(suite, "s3").create_bucket(Bucket=f"{name}-bucket")
    s3control = client(suite, "s3control")
    extra = (
        {}
        if restrict is None
        else {"PublicAccessBlockConfiguration": {"RestrictPublicBuckets": restrict}}
    )
    arn: str = s3control.create_access_point(
        AccountId=ACCOUNT_ID, Name=name, Bucket=f"{name}-bucket", **extra
    )["AccessPointArn"]
    if document:
        s3control.put_access_point_policy(AccountId=ACCOUNT_ID, Name=name, Policy=document)
    return arn


def test_public_access_point_without_block_public_access_fails(suite: Suite) -> None:
    arn = _access_point(suite, "open-ap", False, _doc("AnyoneGets", "s3:GetObject"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (S3 access point): Sid 'AnyoneGets'" in run.output


def test_public_access_point_policy_under_its_block_public_access_passes(suite: Suite) -> None:
    arn = _access_point(suite, "guarded-ap", None, _doc("AnyoneGets", "s3:GetObject"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    neutralised = run.evidence()[CASE]["decided_by"][NEUTRALISED]
    assert f"{arn} (S3 access point): Sid 'AnyoneGets'" in neutralised
    assert "the access point's Block Public Access RestrictPublicBuckets=true" in neutralised


def test_access_point_without_a_policy_passes_counted(suite: Suite) -> None:
    _access_point(suite, "quiet-ap", False, None)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["S3 access points"] == "1 (0 with a policy)"


def test_public_access_point_on_the_second_page_is_found() -> None:
    late = f"arn:aws:s3:{REGION}:{ACCOUNT_ID}:accesspoint/late"
    canned = CannedByParams()
    empty_region(canned)
    first = {"AccessPointList": [], "NextToken": "page-2"}
    canned.answer("s3control", "ListAccessPoints", first)
    canned.answer_when(
        "s3control",
        "ListAccessPoints",
        {"NextToken": "page-2"},
        {"AccessPointList": [{"Name": "late", "AccessPointArn": late}]},
    )
    canned.answer("s3control", "GetAccessPointPolicy", {"Policy": _doc("Late", "s3:*")})
    canned.answer(
        "s3control",
        "GetAccessPoint",
        {"PublicAccessBlockConfiguration": {"RestrictPublicBuckets": False}},
    )
    canned.answer_when(
        "s3control", "GetPublicAccessBlock", {}, "NoSuchPublicAccessBlockConfiguration"
    )

    (point,) = fetch_resource_policies(canned.data(), REGION).by_service["s3-access-points"]

    assert point.arn == late
    assert point.neutralised_by is None
    assert [i.public_grantee() for i in point.statements or ()] == ['Principal "*"']


def test_access_point_of_another_region_is_left_to_that_region() -> None:
    elsewhere = f"arn:aws:s3:eu-west-1:{ACCOUNT_ID}:accesspoint/far"
    canned = empty_region().answer(
        "s3control",
        "ListAccessPoints",
        {"AccessPointList": [{"Name": "far", "AccessPointArn": elsewhere}]},
    )

    assert fetch_resource_policies(canned.data(), REGION).by_service["s3-access-points"] == ()


def test_denied_access_point_list_is_an_error(suite: Suite) -> None:
    suite.deny("s3:ListAccessPoints")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "S3 access points resource policies could not be read" in run.output
    # moto's S3 Control refusal carries no error code AWS would send (AccessDenied), so
    # the message says the call failed rather than that it was denied: either way, the
    # control cannot be assessed and names the call.
    assert "s3:ListAccessPoints failed in us-east-1" in run.output


# --- Lambda layers ---------------------------------------------------------------------


def _layer(suite: Suite, public_version: bool) -> str:
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("python/shared.py", "")
    lam = client(suite, "lambda")
    arn: str = lam.publish_layer_version(LayerName="shared", Content={"ZipFile": code.getvalue()})[
        "LayerVersionArn"
    ]
    if public_version:
        lam.add_layer_version_permission(
            LayerName="shared",
            VersionNumber=1,
            StatementId="AnyoneUses",
            Action="lambda:GetLayerVersion",
            Principal="*",
        )
    return arn


def test_public_lambda_layer_version_fails(suite: Suite) -> None:
    arn = _layer(suite, public_version=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (Lambda layer version): Sid 'AnyoneUses'" in run.output


def test_lambda_layer_version_without_a_policy_passes_counted(suite: Suite) -> None:
    _layer(suite, public_version=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Lambda layer versions"] == "1 (0 with a policy)"


def test_denied_layer_policy_is_an_error(suite: Suite) -> None:
    _layer(suite, public_version=False)
    suite.deny("lambda:GetLayerVersionPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "Lambda layers resource policies could not be read" in run.output
    assert "needs the lambda:GetLayerVersionPolicy permission" in run.output


def test_every_version_of_every_layer_is_read_across_pages() -> None:
    layer = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:layer:shared"
    canned = CannedByParams()
    empty_region(canned)
    canned.answer(
        "lambda",
        "ListLayers",
        {"Layers": [], "NextMarker": "m"},
        {"Layers": [{"LayerName": "shared", "LayerArn": layer}]},
    )
    canned.answer(
        "lambda",
        "ListLayerVersions",
        {"LayerVersions": [{"LayerVersionArn": f"{layer}:2", "Version": 2}], "NextMarker": "m"},
        {"LayerVersions": [{"LayerVersionArn": f"{layer}:1", "Version": 1}]},
    )
    canned.answer_when(
        "lambda", "GetLayerVersionPolicy", {"VersionNumber": 2}, "ResourceNotFoundException"
    )
    canned.answer_when(
        "lambda",
        "GetLayerVersionPolicy",
        {"VersionNumber": 1},
        {"Policy": _doc("Old", "lambda:GetLayerVersion")},
    )

    found = fetch_resource_policies(canned.data(), REGION).by_service["lambda-layers"]

    assert {r.arn: r.statements is not None for r in found} == {
        f"{layer}:2": False,
        f"{layer}:1": True,
    }
