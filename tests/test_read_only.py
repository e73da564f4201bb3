"""Read-only by construction: the session layer refuses, before sending, any operation not
on the suite's read allow-list (fixtures/aws/read_only.py).

Each refusal is proved on a live moto server twice over: no HTTP request left the session
(its before-send hook and request counter saw nothing) and the server's state is unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from fixtures.analysis import iam_actions
from fixtures.aws import read_only
from fixtures.aws.data import AccountData, iam_action
from fixtures.aws.read_only import CREDENTIAL_ACTIONS, READS, NotARead
from fixtures.results.errors import ApiFailed
from fixtures.run.accounts import AccountConfig
from fixtures.run.sessions import AwsSession
from tests.conftest import ACCOUNT_ID, Suite

REGION = "us-east-1"


def audit_session(suite: Suite, **extra: Any) -> tuple[AwsSession, list[str]]:
    """An AwsSession on the test moto server, and the requests it sends (URLs)."""
    config = AccountConfig(
        name="prod", account_id=ACCOUNT_ID, regions=(REGION,), home_region=REGION, **extra
    )
    session = AwsSession(config, suite.moto_url)
    sent: list[str] = []
    session.on_request(lambda request, **_: sent.append(request.url))
    return session, sent


def test_every_allowed_action_is_a_read_by_aws_data() -> None:
    not_reads = sorted(a for a in READS if not iam_actions.only_reads(a))
    unknown = sorted(a for a in READS if not iam_actions.is_known(a))

    assert not_reads == []
    assert unknown == []
    # Read at AWS's level: it has IAM build the report, changing nothing configured.
    assert iam_actions.access_levels("iam:GenerateCredentialReport") == {"Read"}


def test_assume_role_is_a_credential_action_never_a_read() -> None:
    assert {"sts:AssumeRole"} == CREDENTIAL_ACTIONS
    assert not CREDENTIAL_ACTIONS & READS
    assert iam_actions.access_levels("sts:AssumeRole") == {"Write"}


def test_a_user_is_not_created(suite: Suite) -> None:
    session, sent = audit_session(suite)

    with pytest.raises(NotARead, match=r"^iam:CreateUser is not a read the suite may make"):
        session.client("iam").create_user(UserName="intruder")

    assert sent == []
    assert session.requests.http_requests == 0
    assert suite.client("iam").list_users()["Users"] == []


def test_a_bucket_policy_is_not_written(suite: Suite) -> None:
    suite.client("s3").create_bucket(Bucket="logs")
    session, sent = audit_session(suite)
    document = json.dumps({"Version": "2012-10-17", "Statement": []})

    with pytest.raises(NotARead, match=r"^s3:PutBucketPolicy is not a read"):
        session.client("s3").put_bucket_policy(Bucket="logs", Policy=document)

    assert sent == []
    with pytest.raises(suite.client("s3").exceptions.ClientError, match="NoSuchBucketPolicy"):
        suite.client("s3").get_bucket_policy(Bucket="logs")


def test_a_security_group_is_not_deleted(suite: Suite) -> None:
    ec2 = suite.client("ec2")
    group = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    session, sent = audit_session(suite)

    with pytest.raises(NotARead, match=r"^ec2:DeleteSecurityGroup is not a read"):
        session.client("ec2", "eu-west-1").delete_security_group(GroupId=group)

    assert sent == []
    assert ec2.describe_security_groups(GroupIds=[group])["SecurityGroups"]


def test_a_read_not_on_the_list_is_refused_through_a_paginator(suite: Suite) -> None:
    suite.client("iam").create_group(GroupName="admins")
    session, sent = audit_session(suite)
    pages = session.client("iam").get_paginator("list_groups").paginate()

    with pytest.raises(NotARead, match=r"^iam:ListGroups is not a read"):
        list(pages)

    assert sent == []


def test_a_client_made_from_the_session_directly_is_guarded(suite: Suite) -> None:
    session, sent = audit_session(suite)
    # Not the cached clients: a client built from the boto3 Session itself.
    assert session._session is not None  # built as the account was resolved
    iam = session._session.client("iam", region_name=REGION, endpoint_url=suite.moto_url)

    with pytest.raises(NotARead, match=r"^iam:CreateUser is not a read"):
        iam.create_user(UserName="intruder")

    assert sent == []
    assert suite.client("iam").list_users()["Users"] == []


def test_allowed_reads_are_sent(suite: Suite) -> None:
    session, sent = audit_session(suite)

    assert session.client("iam").list_users()["Users"] == []
    assert len(sent) == 1


def test_the_data_layer_says_in_one_line_that_the_call_is_not_a_read(suite: Suite) -> None:
    session, sent = audit_session(suite)
    data = AccountData(session, f"arn:aws:iam::{ACCOUNT_ID}:user/audit", 1)

    with pytest.raises(ApiFailed) as raised:
        data.call("iam", "CreateUser", region=REGION, UserName="intruder")

    assert str(raised.value) == (
        f"iam:CreateUser is not a read the suite may make; refused before sending (in {REGION})"
    )
    assert sent == []
    assert suite.client("iam").list_users()["Users"] == []


def test_an_assumed_role_session_assumes_the_role_and_then_only_reads(suite: Suite) -> None:
    role = f"arn:aws:iam::{ACCOUNT_ID}:role/audit"
    session, sent = audit_session(suite, role_arn=role)

    assert session.caller_identity()["Account"] == ACCOUNT_ID
    with pytest.raises(NotARead, match=r"^iam:CreateUser is not a read"):
        session.client("iam").create_user(UserName="intruder")
    assert len(sent) == 1  # sts:GetCallerIdentity only


def test_the_credential_session_may_only_assume_a_role(suite: Suite) -> None:
    base = boto3.Session(region_name=REGION)
    read_only.refuse_unlisted(base.events, CREDENTIAL_ACTIONS)
    sts = base.client("sts", endpoint_url=suite.moto_url)

    assert sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/audit", RoleSessionName="audit")
    with pytest.raises(NotARead, match=r"^sts:GetCallerIdentity is not a read"):
        sts.get_caller_identity()
    with pytest.raises(NotARead, match=r"^iam:CreateUser is not a read"):
        base.client("iam", endpoint_url=suite.moto_url).create_user(UserName="intruder")


@pytest.mark.parametrize(
    ("service", "operation", "action"),
    [
        ("s3", "ListBuckets", "s3:ListAllMyBuckets"),
        ("s3control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"),
        ("accessanalyzer", "ListFindingsV2", "access-analyzer:ListFindings"),
        ("elbv2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"),
    ],
)
def test_the_guard_judges_an_operation_by_its_iam_action(
    service: str, operation: str, action: str
) -> None:
    assert iam_action(service, operation) == action
    assert action in READS


def test_the_audit_session_may_not_assume_a_role(suite: Suite) -> None:
    session, sent = audit_session(suite)

    with pytest.raises(NotARead, match=r"^sts:AssumeRole is not a read"):
        session.client("sts").assume_role(
            RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/audit", RoleSessionName="audit"
        )
    assert sent == []


def test_a_head_bucket_from_botocores_region_redirect_is_named_by_its_iam_action() -> None:
    # Not a read the suite makes, so refused (fail closed) under the name AWS authorizes.
    assert iam_action("s3", "HeadBucket") == "s3:ListBucket"
    assert "s3:ListBucket" not in READS
