"""The harness's S3 and Macie extensions (fixtures/demo/moto/s3.py, macie2.py) answer as AWS
does where moto 5.2.5 does not."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fixtures.demo.moto.s3 import set_list_buckets_page_size
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.s3_scenarios import make_bucket, policy, s3


def test_list_buckets_pages_by_max_buckets_with_a_continuation_token(suite: Suite) -> None:
    for name in ("bucket-c", "bucket-a", "bucket-b"):
        make_bucket(suite, name)

    pages = list(s3(suite).get_paginator("list_buckets").paginate(MaxBuckets=2))

    assert [[b["Name"] for b in page["Buckets"]] for page in pages] == [
        ["bucket-a", "bucket-b"],
        ["bucket-c"],
    ]
    assert "ContinuationToken" not in pages[-1]


def test_the_page_size_can_be_smaller_than_max_buckets(suite: Suite) -> None:
    for name in ("bucket-a", "bucket-b"):
        make_bucket(suite, name)
    set_list_buckets_page_size(ACCOUNT_ID, 1)

    pages = list(s3(suite).get_paginator("list_buckets").paginate(MaxBuckets=1000))

    assert len(pages) == 2


def test_mfa_delete_is_kept_and_answered(suite: Suite) -> None:
    make_bucket(suite, "guarded")
    s3(suite).put_bucket_versioning(
        Bucket="guarded",
        VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"},
        MFA=f"arn:aws:iam::{ACCOUNT_ID}:mfa/root 123456",
    )

    answer = s3(suite).get_bucket_versioning(Bucket="guarded")

    assert (answer["Status"], answer["MFADelete"]) == ("Enabled", "Enabled")


def test_a_bucket_never_versioned_answers_neither_field(suite: Suite) -> None:
    make_bucket(suite, "plain")

    answer = s3(suite).get_bucket_versioning(Bucket="plain")

    assert "Status" not in answer
    assert "MFADelete" not in answer


def refusal(**extra: object) -> dict[str, object]:
    return {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:GetBucketVersioning",
        "Resource": "arn:aws:s3:::sealed",
        **extra,
    }


def test_an_unconditioned_deny_for_everyone_refuses_get_bucket_versioning(suite: Suite) -> None:
    make_bucket(suite, "sealed", policy=policy(refusal()))

    with pytest.raises(ClientError, match="AccessDenied"):
        s3(suite).get_bucket_versioning(Bucket="sealed")


@pytest.mark.parametrize(
    "extra",
    [
        {"Condition": {"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT_ID}}},
        {"Action": "s3:GetObject"},
        {"Resource": "arn:aws:s3:::other"},
        {"Effect": "Allow"},
    ],
)
def test_other_statements_do_not_refuse(suite: Suite, extra: dict[str, object]) -> None:
    make_bucket(suite, "sealed", policy=policy(refusal(**extra)))

    assert s3(suite).get_bucket_versioning(Bucket="sealed")["ResponseMetadata"]


def test_macie_is_off_until_enabled_and_answers_as_aws(suite: Suite) -> None:
    def macie(region: str) -> Any:
        return boto3.client(
            "macie2",
            endpoint_url=suite.moto_url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    with pytest.raises(ClientError, match=r"AccessDeniedException.*Macie is not enabled"):
        macie("us-east-1").get_macie_session()
    macie("us-east-1").enable_macie()

    assert macie("us-east-1").get_macie_session()["status"] == "ENABLED"
    with pytest.raises(ClientError, match="AccessDeniedException"):
        macie("eu-west-1").get_macie_session()
