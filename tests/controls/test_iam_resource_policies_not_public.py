"""iam/resource-policies-not-public (CIS 2.21) against moto, one service at a time."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from fixtures.analysis.policy_documents import parse_policy
from fixtures.aws.resource_policies import (
    SERVICES,
    fetch_resource_policies,
    restricting_conditions,
)
from fixtures.demo.moto.glacier import set_vault_access_policy
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws, CannedByParams

NAMES = tuple(reader.name for reader in SERVICES.values())
CONTROL = "iam/test_resource_policies_not_public.py"
CASE = "test_resource_policies_not_public[prod-us-east-1]"
REGION = "us-east-1"


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def public(sid: str, action: str, resource: str = "*", **extra: Any) -> dict[str, Any]:
    """An Allow statement for everyone (``Principal`` may be overridden in ``extra``)."""
    statement = {"Sid": sid, "Effect": "Allow", "Principal": "*", "Action": action}
    return {**statement, "Resource": resource, **extra}


def client(suite: Suite, service: str, region: str = REGION) -> Any:
    """A client of the test moto server in ``region`` (``suite.client`` is us-east-1)."""
    return boto3.client(
        service,
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def make_bucket(suite: Suite, name: str, document: str | None, region: str = REGION) -> str:
    s3 = client(suite, "s3", region)
    where = {} if region == "us-east-1" else {"LocationConstraint": region}
    s3.create_bucket(Bucket=name, **({"CreateBucketConfiguration": where} if where else {}))
    if document:
        s3.put_bucket_policy(Bucket=name, Policy=document)
    return f"arn:aws:s3:::{name}"


def make_queue(suite: Suite, name: str, document: str | None, region: str = REGION) -> str:
    sqs = client(suite, "sqs", region)
    attributes = {"Policy": document} if document else {}
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn: str = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    return arn


def make_topic(suite: Suite, name: str, document: str | None) -> str:
    sns = client(suite, "sns")
    arn: str = sns.create_topic(Name=name)["TopicArn"]
    if document:
        sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=document)
    return arn


def make_key(suite: Suite, document: str | None) -> str:
    kms = client(suite, "kms")
    key = kms.create_key(**({"Policy": document} if document else {}))["KeyMetadata"]
    arn: str = key["Arn"]
    return arn


def make_function(suite: Suite, name: str, public_url: bool, publish: bool = False) -> str:
    role = client(suite, "iam").create_role(
        RoleName=f"{name}-role", AssumeRolePolicyDocument=policy()
    )["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    lam = client(suite, "lambda")
    arn: str = lam.create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": code.getvalue()},
        Publish=publish,
    )["FunctionArn"]
    if public_url:
        lam.add_permission(
            FunctionName=name,
            StatementId="public-url",
            Action="lambda:InvokeFunctionUrl",
            Principal="*",
            FunctionUrlAuthType="NONE",
        )
    return arn


def make_versioned_function(suite: Suite, name: str) -> str:
    """A function with published version 1 and alias ``prod`` for it; no permissions."""
    arn = make_function(suite, name, public_url=False, publish=True)
    client(suite, "lambda").create_alias(FunctionName=name, Name="prod", FunctionVersion="1")
    return arn


def make_repository(suite: Suite, name: str, document: str | None) -> str:
    ecr = client(suite, "ecr")
    arn: str = ecr.create_repository(repositoryName=name)["repository"]["repositoryArn"]
    if document:
        ecr.set_repository_policy(repositoryName=name, policyText=document)
    return arn


def make_secret(suite: Suite, name: str, document: str | None) -> str:
    secrets = client(suite, "secretsmanager")
    arn: str = secrets.create_secret(Name=name, SecretString="s3cr3t")["ARN"]
    if document:
        secrets.put_resource_policy(SecretId=arn, ResourcePolicy=document)
    return arn


def make_domain(suite: Suite, name: str, document: str | None) -> str:
    opensearch = client(suite, "opensearch")
    extra = {"AccessPolicies": document} if document else {}
    arn: str = opensearch.create_domain(DomainName=name, **extra)["DomainStatus"]["ARN"]
    return arn


def make_vault(suite: Suite, name: str, document: str | None) -> str:
    glacier = client(suite, "glacier")
    glacier.create_vault(vaultName=name)
    if document:
        glacier.set_vault_access_policy(vaultName=name, policy={"Policy": document})
    return f"arn:aws:glacier:{REGION}:{ACCOUNT_ID}:vaults/{name}"


# Per service: arrange a resource whose policy grants everyone, and the Sid/action the
# failure message must name.
PUBLIC: dict[str, tuple[Callable[[Suite], str], str]] = {
    "s3": (
        lambda s: make_bucket(
            s,
            "open-bucket",
            policy(public("OpenRead", "s3:GetObject", "arn:aws:s3:::open-bucket/*")),
        ),
        "Sid 'OpenRead': Allow Action ['s3:GetObject']",
    ),
    "sqs": (
        lambda s: make_queue(s, "open-queue", policy(public("AnyoneSends", "sqs:SendMessage"))),
        "Sid 'AnyoneSends': Allow Action ['sqs:SendMessage']",
    ),
    "sns": (
        lambda s: make_topic(
            s,
            "open-topic",
            policy(public("AnyonePublishes", "sns:Publish", Principal={"AWS": "*"})),
        ),
        "Sid 'AnyonePublishes': Allow Action ['sns:Publish']",
    ),
    "kms": (
        lambda s: make_key(s, policy(public("AnyoneDecrypts", "kms:Decrypt"))),
        "Sid 'AnyoneDecrypts': Allow Action ['kms:Decrypt']",
    ),
    "lambda": (
        lambda s: make_function(s, "open-function", public_url=True),
        "Sid 'public-url': Allow Action ['lambda:InvokeFunctionUrl']",
    ),
    "ecr": (
        lambda s: make_repository(
            s, "open-repo", policy(public("AnyonePulls", "ecr:BatchGetImage"))
        ),
        "Sid 'AnyonePulls': Allow Action ['ecr:BatchGetImage']",
    ),
    "secretsmanager": (
        lambda s: make_secret(
            s, "open-secret", policy(public("AnyoneReads", "secretsmanager:GetSecretValue"))
        ),
        "Sid 'AnyoneReads': Allow Action ['secretsmanager:GetSecretValue']",
    ),
    "opensearch": (
        lambda s: make_domain(
            s, "open-domain", policy(public("AnyoneSearches", "es:ESHttp*", Principal={"AWS": "*"}))
        ),
        "Sid 'AnyoneSearches': Allow Action ['es:ESHttp*']",
    ),
    "glacier": (
        lambda s: make_vault(s, "open-vault", policy(public("AnyoneReads", "glacier:InitiateJob"))),
        "Sid 'AnyoneReads': Allow Action ['glacier:InitiateJob']",
    ),
}


@pytest.mark.parametrize("service", list(PUBLIC))
def test_public_policy_fails_naming_resource_and_statement(suite: Suite, service: str) -> None:
    arrange, statement = PUBLIC[service]
    arn = arrange(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (" in run.output
    assert statement in run.output
    assert "grants access to Principal" in run.output


def test_resources_without_public_policies_pass_with_counts(suite: Suite) -> None:
    make_bucket(suite, "plain-bucket", None)
    make_queue(suite, "plain-queue", None)
    make_topic(suite, "plain-topic", None)  # moto's default topic policy: AWS:SourceOwner
    make_key(suite, None)  # the default key policy: the account's root
    make_function(suite, "plain-function", public_url=False)
    make_repository(suite, "plain-repo", None)
    make_secret(suite, "plain-secret", None)
    make_domain(suite, "plain-domain", None)
    make_vault(suite, "plain-vault", None)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["S3 buckets"] == "1 (0 with a policy)"
    assert decided["SNS topics"] == "1 (1 with a policy)"
    assert decided["KMS keys"] == "1 (1 with a policy)"
    assert decided["Glacier vaults"] == "1 (0 with a policy)"
    assert decided["Public principals accepted because of a condition"].startswith(
        "arn:aws:sns:us-east-1:123456789012:plain-topic (SNS topic)"
    )


def test_empty_region_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["SQS queues"] == "0 (0 with a policy)"
    assert decided["OpenSearch domains"] == "0 (0 with a policy)"
    assert decided["Statements granting access to everyone"] == "0"
    actions = {call["action"] for call in run.evidence()[CASE]["api_calls"]}
    assert {"s3:ListAllMyBuckets", "sqs:ListQueues", "glacier:ListVaults"} <= actions


def test_public_principal_confined_by_conditions_passes_and_is_noted(suite: Suite) -> None:
    make_bucket(
        suite,
        "vpce-bucket",
        policy(
            public(
                "ThroughEndpoint",
                "s3:GetObject",
                "arn:aws:s3:::vpce-bucket/*",
                Condition={"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
            )
        ),
    )
    make_queue(
        suite,
        "events-queue",
        policy(
            public(
                "FromTopic",
                "sqs:SendMessage",
                Condition={"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}},
            )
        ),
    )
    make_key(  # the shape of an AWS-managed key's policy
        suite,
        policy(
            public(
                "ViaS3",
                "kms:Decrypt",
                Principal={"AWS": "*"},
                Condition={
                    "StringEquals": {
                        "kms:CallerAccount": ACCOUNT_ID,
                        "kms:ViaService": "s3.us-east-1.amazonaws.com",
                    }
                },
            )
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    accepted = run.evidence()[CASE]["decided_by"][
        "Public principals accepted because of a condition"
    ]
    assert "arn:aws:s3:::vpce-bucket (S3 bucket)" in accepted
    assert 'StringEquals aws:SourceVpce "vpce-1a2b3c4d"' in accepted
    assert "events-queue (SQS queue)" in accepted
    assert f'StringEquals kms:CallerAccount "{ACCOUNT_ID}"' in accepted


def test_conditions_that_do_not_say_who_fail(suite: Suite) -> None:
    arn = make_queue(
        suite,
        "tls-only-queue",
        policy(
            public(
                "TlsOnly",
                "sqs:SendMessage",
                Condition={
                    "Bool": {"aws:SecureTransport": "true"},
                    "StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT_ID},
                },
            )
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (SQS queue): Sid 'TlsOnly'" in run.output
    assert "its conditions (Bool, StringEqualsIfExists) do not confine who" in run.output


def test_public_principal_confined_only_by_a_wildcard_arn_fails(suite: Suite) -> None:
    # Any role of any account: the condition names no one in particular.
    arn = make_queue(
        suite,
        "any-role-queue",
        policy(
            public(
                "AnyRole",
                "sqs:*",
                Condition={"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}},
            )
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (SQS queue): Sid 'AnyRole'" in run.output
    assert "its conditions (StringLike) do not confine who" in run.output


def test_public_principal_confined_to_roles_of_one_account_passes(suite: Suite) -> None:
    make_queue(
        suite,
        "own-roles-queue",
        policy(
            public(
                "OwnRoles",
                "sqs:*",
                Condition={"StringLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT_ID}:role/*"}},
            )
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    accepted = run.evidence()[CASE]["decided_by"][
        "Public principals accepted because of a condition"
    ]
    assert f'StringLike aws:PrincipalArn "arn:aws:iam::{ACCOUNT_ID}:role/*"' in accepted


def test_public_bucket_open_to_every_address_in_two_halves_fails(suite: Suite) -> None:
    arn = make_bucket(
        suite,
        "halves-bucket",
        policy(
            public(
                "Halves",
                "s3:GetObject",
                "arn:aws:s3:::halves-bucket/*",
                Condition={"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}},
            )
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (S3 bucket): Sid 'Halves'" in run.output
    assert "its conditions (IpAddress) do not confine who" in run.output


def test_not_principal_allow_fails(suite: Suite) -> None:
    statement = public("AllButOne", "sqs:SendMessage")
    del statement["Principal"]
    statement["NotPrincipal"] = {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:user/mallory"}
    arn = make_queue(suite, "not-principal-queue", policy(statement))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (SQS queue)" in run.output
    assert "grants access to NotPrincipal" in run.output


def test_bucket_is_judged_in_its_own_region(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    arn = make_bucket(
        suite,
        "eu-open-bucket",
        policy(public("OpenRead", "s3:GetObject", "arn:aws:s3:::eu-open-bucket/*")),
        region="eu-west-1",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1, failed=1)
    verdicts = run.verdicts()
    assert verdicts[CASE] == "compliant"
    assert verdicts["test_resource_policies_not_public[prod-eu-west-1]"] == "violation"
    assert f"{arn} (S3 bucket)" in run.output
    home = run.evidence()[CASE]["decided_by"]
    assert home["S3 buckets"] == "0 (0 with a policy)"


def test_bucket_in_a_region_not_checked_is_judged_in_the_home_region(suite: Suite) -> None:
    make_bucket(suite, "far-bucket", None, region="ap-south-1")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    judged = decided["S3 buckets of regions this run does not check, judged here"]
    assert judged == "far-bucket (ap-south-1)"
    assert decided["S3 buckets"] == "1 (0 with a policy)"
    calls = run.evidence()[CASE]["api_calls"]
    asked = [c["region"] for c in calls if c["action"] == "s3:GetBucketPolicy"]
    assert asked == ["ap-south-1"]  # asked of the bucket's own region


def test_public_bucket_in_a_region_not_checked_fails(suite: Suite) -> None:
    arn = make_bucket(
        suite,
        "open-bucket",
        policy(public("OpenRead", "s3:GetObject", "arn:aws:s3:::open-bucket/*")),
        region="eu-west-1",
    )

    run = suite.run(control=CONTROL)  # the account's regions: us-east-1 only

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (S3 bucket in eu-west-1): Sid 'OpenRead'" in run.output
    assert "grants access to Principal" in run.output


def test_bucket_outside_the_run_is_judged_once_by_the_home_region(suite: Suite) -> None:
    suite.write_accounts(
        {
            "prod": {
                "account_id": ACCOUNT_ID,
                "regions": ["eu-west-1", "us-east-1"],
                "home_region": "us-east-1",
            }
        }
    )
    arn = make_bucket(
        suite,
        "far-open-bucket",
        policy(public("OpenRead", "s3:GetObject", "arn:aws:s3:::far-open-bucket/*")),
        region="ap-south-1",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1, failed=1)
    verdicts = run.verdicts()
    assert verdicts[CASE] == "violation"
    assert verdicts["test_resource_policies_not_public[prod-eu-west-1]"] == "compliant"
    assert f"{arn} (S3 bucket in ap-south-1)" in run.output
    home = run.evidence()[CASE]["decided_by"]
    assert home["S3 buckets of regions this run does not check, judged here"] == (
        "far-open-bucket (ap-south-1)"
    )
    other = run.evidence()["test_resource_policies_not_public[prod-eu-west-1]"]["decided_by"]
    assert other["S3 buckets"] == "0 (0 with a policy)"
    assert "S3 buckets of regions this run does not check, judged here" not in other


def test_without_the_home_region_the_first_checked_region_judges_the_others(
    suite: Suite,
) -> None:
    suite.write_accounts(
        {
            "prod": {
                "account_id": ACCOUNT_ID,
                "regions": ["eu-west-1", "ap-south-1"],
                "home_region": "us-east-1",
            }
        }
    )
    make_bucket(suite, "home-bucket", policy(public("Open", "s3:GetObject")), region="us-east-1")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1, failed=1)
    verdicts = run.verdicts()
    assert verdicts["test_resource_policies_not_public[prod-eu-west-1]"] == "violation"
    assert verdicts["test_resource_policies_not_public[prod-ap-south-1]"] == "compliant"
    assert "arn:aws:s3:::home-bucket (S3 bucket in us-east-1)" in run.output


def test_public_permission_on_a_lambda_alias_fails(suite: Suite) -> None:
    arn = make_versioned_function(suite, "aliased")
    client(suite, "lambda").add_permission(
        FunctionName="aliased",
        Qualifier="prod",
        StatementId="public-alias",
        Action="lambda:InvokeFunction",
        Principal="*",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    # moto keeps one policy for a function, its versions and aliases, so the function and
    # version 1 are named too; AWS keeps the alias's apart (see the canned test below).
    assert f"{arn}:prod (Lambda function): Sid 'public-alias'" in run.output


def test_public_permission_on_a_lambda_version_fails(suite: Suite) -> None:
    arn = make_versioned_function(suite, "versioned")
    client(suite, "lambda").add_permission(
        FunctionName="versioned",
        Qualifier="1",
        StatementId="public-version",
        Action="lambda:InvokeFunction",
        Principal="*",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn}:1 (Lambda function): Sid 'public-version'" in run.output


def test_lambda_aliases_and_versions_without_public_policies_pass(suite: Suite) -> None:
    make_versioned_function(suite, "quiet")
    client(suite, "lambda").add_permission(
        FunctionName="quiet",
        Qualifier="prod",
        StatementId="from-sns",
        Action="lambda:InvokeFunction",
        Principal="sns.amazonaws.com",
        SourceArn=f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:events",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    # the function, version 1 and alias prod (moto shows all three the alias's policy)
    assert decided["Lambda functions, aliases and versions"] == "3 (3 with a policy)"
    actions = {call["action"] for call in run.evidence()[CASE]["api_calls"]}
    assert {"lambda:ListAliases", "lambda:ListVersionsByFunction"} <= actions


def test_public_topic_beyond_the_first_page_is_found(suite: Suite) -> None:
    sns = client(suite, "sns")
    for number in range(100):  # ListTopics pages at 100 topics
        sns.create_topic(Name=f"topic-{number:03d}")
    arn = make_topic(suite, "topic-late", policy(public("Late", "sns:Publish")))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (SNS topic): Sid 'Late'" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert len([c for c in calls if c["action"] == "sns:ListTopics"]) == 2


@pytest.mark.parametrize(
    ("denied", "arrange", "named"),
    [
        ("sqs:GetQueueAttributes", lambda s: make_queue(s, "q", None), "SQS"),
        ("s3:GetBucketPolicy", lambda s: make_bucket(s, "some-bucket", None), "S3"),
        ("es:ListDomainNames", lambda s: None, "OpenSearch"),
        ("glacier:GetVaultAccessPolicy", lambda s: make_vault(s, "v", None), "Glacier"),
        ("lambda:ListFunctions", lambda s: None, "Lambda"),
        ("lambda:ListAliases", lambda s: make_function(s, "f", public_url=False), "Lambda"),
        (
            "lambda:ListVersionsByFunction",
            lambda s: make_function(s, "f", public_url=False),
            "Lambda",
        ),
        ("s3:GetBucketPolicy", lambda s: make_bucket(s, "far", None, "ap-south-1"), "S3"),
    ],
)
def test_denied_read_is_an_error_naming_service_and_permission(
    suite: Suite, denied: str, arrange: Callable[[Suite], object], named: str
) -> None:
    arrange(suite)
    suite.deny(denied)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"{named} resource policies could not be read" in run.output
    assert f"needs the {denied} permission" in run.output
    others = [name for name in NAMES if name != named]
    assert not [n for n in others if f"{n} resource policies could not be read" in run.output]


def test_glacier_access_policy_extension_serves_policies(suite: Suite) -> None:
    glacier = client(suite, "glacier")
    glacier.create_vault(vaultName="kept")
    set_vault_access_policy(ACCOUNT_ID, REGION, "kept", policy(public("X", "glacier:*")))

    answer = glacier.get_vault_access_policy(vaultName="kept")

    assert json.loads(answer["policy"]["Policy"])["Statement"][0]["Sid"] == "X"
    with pytest.raises(glacier.exceptions.ResourceNotFoundException):
        glacier.get_vault_access_policy(vaultName="missing")


@pytest.mark.parametrize(
    ("condition", "confines"),
    [
        ({"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}, True),
        ({"StringEqualsIgnoreCase": {"aws:PrincipalOrgID": "o-abc123"}}, True),
        ({"StringEquals": {"aws:PrincipalOrgID": "${aws:ResourceOrgID}"}}, True),
        ({"StringEquals": {"aws:PrincipalAccount": ["111122223333", ACCOUNT_ID]}}, True),
        ({"StringLike": {"aws:SourceVpce": "vpce-1a2b3c4d"}}, True),
        (
            {
                "ForAnyValue:StringLike": {
                    "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-1/*"
                }
            },
            True,
        ),
        ({"StringLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT_ID}:role/*"}}, True),
        ({"ArnLike": {"aws:SourceArn": f"arn:aws:sns:*:{ACCOUNT_ID}:*"}}, True),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:s3:::logs-bucket"}}, True),
        ({"ForAnyValue:StringLike": {"AWS:SourceArn": "arn:aws:s3:::logs-bucket/*"}}, True),
        ({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}, True),
        ({"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}, True),
        ({"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "0.0.0.0/0"]}}, False),
        ({"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}}, False),
        ({"IpAddress": {"aws:SourceIp": ["::/1", "8000::/1", "10.0.0.0/8"]}}, False),
        ({"IpAddress": {"aws:SourceIp": "somewhere"}}, False),
        # Half the internet, or most of it, is no confinement either.
        ({"IpAddress": {"aws:SourceIp": ["0.0.0.0/1"]}}, False),
        ({"IpAddress": {"aws:SourceIp": ["12.0.0.0/8", "13.0.0.0/8"]}}, False),  # one /7
        ({"IpAddress": {"aws:SourceIp": ["2001:db8::/15"]}}, False),
        ({"IpAddress": {"aws:SourceIp": ["2001:db8::/16"]}}, True),
        ({"StringLike": {"aws:PrincipalAccount": "*"}}, False),
        ({"StringLike": {"aws:SourceAccount": "*1*"}}, False),
        ({"StringLike": {"aws:SourceAccount": "12345678901?"}}, False),
        ({"StringLike": {"aws:PrincipalOrgID": "o-*"}}, False),
        ({"StringLike": {"aws:SourceVpce": "vpce-*"}}, False),
        ({"StringEquals": {"aws:PrincipalOrgID": "${aws:PrincipalOrgID}"}}, False),
        ({"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-*/*"}}, False),
        ({"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*"}}, False),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}, False),
        ({"ArnLike": {"aws:SourceArn": [f"arn:aws:sns:*:{ACCOUNT_ID}:t", "arn:*"]}}, False),
        ({"ForAnyValue:StringLike": {"AWS:SourceArn": "arn:aws:s3:::logs-*"}}, False),
        ({"ArnLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1::function:f"}}, False),
        # A glob over the whole string: this "*" can run over colons into any account.
        ({"StringLike": {"aws:SourceArn": f"arn:aws:*:*:{ACCOUNT_ID}:*"}}, False),
        ({"ArnLike": {"aws:SourceAccount": ACCOUNT_ID}}, False),  # no ARN to compare
        ({"StringNotEquals": {"aws:SourceAccount": ACCOUNT_ID}}, False),
        ({"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT_ID}}, False),
        ({"StringEquals": {"aws:UserAgent": "internal"}}, False),
    ],
)
def test_which_conditions_confine_a_public_principal(
    condition: dict[str, Any], confines: bool
) -> None:
    (statement,) = parse_policy(policy(public("S", "s3:GetObject", Condition=condition)), "test")

    assert bool(restricting_conditions(statement)) is confines


def test_unreadable_policy_document_is_an_error(suite: Suite) -> None:
    make_queue(suite, "garbled-queue", policy({**public("Odd", "sqs:*"), "Effect": "Permit"}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "SQS resource policies could not be read" in run.output
    assert "garbled-queue: statement Effect 'Permit' is neither Allow nor Deny" in run.output


def test_policy_document_without_statement_is_an_error(suite: Suite) -> None:
    # Read as "grants nothing", a document without Statement would pass every check.
    client(suite, "glacier").create_vault(vaultName="bare")
    set_vault_access_policy(ACCOUNT_ID, REGION, "bare", json.dumps({"Version": "2012-10-17"}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "vaults/bare: policy document has no Statement" in run.output


# Responses moto never sends: a field AWS always returns is missing. Each must be an
# error naming the call and the field, never a resource without a policy, or none at all.
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:alerts"
VAULT = f"arn:aws:glacier:{REGION}:{ACCOUNT_ID}:vaults/archive"
DOMAIN = f"arn:aws:es:{REGION}:{ACCOUNT_ID}:domain/search"


def empty_region(canned: CannedAws | None = None) -> CannedAws:
    """Every service answers that the region has none of its resources."""
    return (
        (canned or CannedAws())
        .answer("s3", "ListBuckets", {"Buckets": []})
        .answer("sqs", "ListQueues", {})  # AWS leaves QueueUrls out when there are none
        .answer("sns", "ListTopics", {"Topics": []})
        .answer("kms", "ListKeys", {"Keys": []})
        .answer("lambda", "ListFunctions", {"Functions": []})
        .answer("lambda", "ListLayers", {"Layers": []})
        .answer("ecr", "DescribeRepositories", {"repositories": []})
        .answer("secretsmanager", "ListSecrets", {"SecretList": []})
        .answer("opensearch", "ListDomainNames", {"DomainNames": []})
        .answer("glacier", "ListVaults", {"VaultList": []})
        .answer("events", "ListEventBuses", {"EventBuses": []})
        .answer("efs", "DescribeFileSystems", {"FileSystems": []})
        .answer("backup", "ListBackupVaults", {"BackupVaultList": []})
        .answer("dynamodb", "ListTables", {"TableNames": []})
        .answer("kinesis", "ListStreams", {"StreamNames": [], "StreamSummaries": []})
        .answer("logs", "DescribeResourcePolicies", {"resourcePolicies": []})
        .answer("ec2", "DescribeSnapshots", {"Snapshots": []})
        .answer("ec2", "DescribeImages", {"Images": []})
        .answer("rds", "DescribeDBSnapshots", {"DBSnapshots": []})
        .answer("rds", "DescribeDBClusterSnapshots", {"DBClusterSnapshots": []})
        .answer("iam", "ListRoles", {"Roles": []})
        .answer("s3control", "ListAccessPoints", {"AccessPointList": []})
    )


def test_a_region_without_queues_is_read_as_none() -> None:
    policies = fetch_resource_policies(empty_region().data(), REGION)

    assert policies.all() == []


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            [("sns", "GetTopicAttributes", {"Attributes": {"TopicArn": TOPIC, "Owner": "1"}})],
            f"SNS resource policies could not be read: sns:GetTopicAttributes for {TOPIC}"
            " returned no Policy",
        ),
        (
            [("sns", "GetTopicAttributes", {})],
            f"sns:GetTopicAttributes for {TOPIC} returned no Attributes",
        ),
        (
            [("opensearch", "ListDomainNames", {})],
            "OpenSearch resource policies could not be read: es:ListDomainNames returned no"
            " DomainNames",
        ),
        (
            [
                ("opensearch", "ListDomainNames", {"DomainNames": [{"DomainName": "search"}]}),
                ("opensearch", "DescribeDomains", {}),
            ],
            "es:DescribeDomains for search returned no DomainStatusList",
        ),
        (
            [
                ("opensearch", "ListDomainNames", {"DomainNames": [{"DomainName": "search"}]}),
                (
                    "opensearch",
                    "DescribeDomains",
                    {"DomainStatusList": [{"DomainName": "search", "ARN": DOMAIN}]},
                ),
            ],
            f"es:DescribeDomains for {DOMAIN} returned no AccessPolicies",
        ),
        (
            [("glacier", "ListVaults", {})],
            "Glacier resource policies could not be read: glacier:ListVaults returned no VaultList",
        ),
        (
            [
                ("glacier", "ListVaults", {"VaultList": [{"VaultARN": VAULT, "VaultName": "x"}]}),
                ("glacier", "GetVaultAccessPolicy", {"policy": {}}),
            ],
            f"glacier:GetVaultAccessPolicy for {VAULT} returned no Policy",
        ),
    ],
)
def test_a_response_without_a_field_aws_always_returns_cannot_be_assessed(
    answers: list[tuple[str, str, dict[str, Any]]], message: str
) -> None:
    canned = empty_region()
    if any(service == "sns" for service, _, _ in answers):
        canned.answer("sns", "ListTopics", {"Topics": [{"TopicArn": TOPIC}]})
    for service, operation, answer in answers:
        canned.answer(service, operation, answer)

    with pytest.raises(MissingField) as raised:
        fetch_resource_policies(canned.data(), REGION)

    assert message in str(raised.value)


def test_a_domain_without_an_access_policy_is_read_as_none() -> None:
    canned = empty_region().answer(
        "opensearch", "ListDomainNames", {"DomainNames": [{"DomainName": "search"}]}
    )
    domain = {"DomainName": "search", "ARN": DOMAIN, "AccessPolicies": ""}
    canned.answer("opensearch", "DescribeDomains", {"DomainStatusList": [domain]})

    (found,) = fetch_resource_policies(canned.data(), REGION).all()

    assert (found.arn, found.statements) == (DOMAIN, None)


FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:worker"


def test_every_lambda_alias_and_version_is_read_with_its_own_qualifier() -> None:
    # AWS keeps a policy per alias and per version, apart from the function's own;
    # moto cannot show that (it keeps one policy for them all).
    canned = CannedByParams()
    empty_region(canned).answer(
        "lambda",
        "ListFunctions",
        {"Functions": [{"FunctionArn": FUNCTION, "FunctionName": "worker"}]},
    )
    canned.answer(  # two pages of each list
        "lambda",
        "ListAliases",
        {"Aliases": [{"AliasArn": f"{FUNCTION}:live", "Name": "live"}], "NextMarker": "m"},
        {"Aliases": [{"AliasArn": f"{FUNCTION}:beta", "Name": "beta"}]},
    )
    canned.answer(
        "lambda",
        "ListVersionsByFunction",
        {"Versions": [{"FunctionArn": f"{FUNCTION}:$LATEST", "Version": "$LATEST"}]},
        {"Versions": [{"FunctionArn": f"{FUNCTION}:3", "Version": "3"}]},
    )
    open_policy = policy(public("Open", "lambda:InvokeFunction"))
    own_policy = policy(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT_ID}, "Action": "lambda:*", "Resource": "*"}
    )
    canned.answer_when("lambda", "GetPolicy", {"Qualifier": "live"}, {"Policy": open_policy})
    canned.answer_when("lambda", "GetPolicy", {"Qualifier": "3"}, {"Policy": own_policy})
    # the function itself and alias beta: no policy
    canned.answer_when(
        "lambda", "GetPolicy", {"FunctionName": "worker"}, "ResourceNotFoundException"
    )

    found = fetch_resource_policies(canned.data(), REGION).by_service["lambda"]

    grantees = {
        resource.arn: None
        if resource.statements is None
        else [item.public_grantee() for item in resource.statements]
        for resource in found
    }
    assert grantees == {
        FUNCTION: None,
        f"{FUNCTION}:live": ['Principal "*"'],
        f"{FUNCTION}:beta": None,
        f"{FUNCTION}:3": [None],
    }


def test_a_lambda_alias_without_its_arn_cannot_be_assessed() -> None:
    canned = empty_region(CannedByParams())
    canned.answer(
        "lambda",
        "ListFunctions",
        {"Functions": [{"FunctionArn": FUNCTION, "FunctionName": "worker"}]},
    )
    canned.answer("lambda", "ListAliases", {"Aliases": [{"Name": "live"}]})
    canned.answer("lambda", "ListVersionsByFunction", {"Versions": []})
    canned.answer("lambda", "GetPolicy", {"Policy": policy(public("Open", "lambda:*"))})

    with pytest.raises(MissingField) as raised:
        fetch_resource_policies(canned.data(), REGION)

    assert f"lambda:ListAliases for {FUNCTION} returned no AliasArn" in str(raised.value)
