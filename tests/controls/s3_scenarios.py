"""Buckets and bucket policies for the S3 controls' tests (CIS 3.1)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest

from fixtures.aws.data import AccountData
from tests.conftest import Suite


def s3(suite: Suite, region: str = "us-east-1") -> Any:
    """An S3 client of the test moto server in ``region``."""
    return boto3.client(
        "s3",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def arn(name: str) -> str:
    """A bucket's ARN."""
    return f"arn:aws:s3:::{name}"


def make_bucket(
    suite: Suite, name: str, region: str = "us-east-1", policy: str | None = None
) -> str:
    """Create bucket ``name`` in ``region`` (with ``policy``); its ARN."""
    client = s3(suite, region)
    where = {} if region == "us-east-1" else {"LocationConstraint": region}
    client.create_bucket(Bucket=name, **({"CreateBucketConfiguration": where} if where else {}))
    if policy is not None:
        client.put_bucket_policy(Bucket=name, Policy=policy)
    return arn(name)


def policy(*statements: dict[str, Any]) -> str:
    """A policy document (JSON text) of ``statements``."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def deny_http(name: str, **changes: Any) -> dict[str, Any]:
    """CIS 3.1.1's statement for bucket ``name``: Deny s3:* to everyone on the bucket and
    its objects when aws:SecureTransport is false; ``changes`` replace its fields (None
    removes one)."""
    statement: dict[str, Any] = {
        "Sid": "DenyHttp",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [arn(name), f"{arn(name)}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    statement.update(changes)
    return {key: value for key, value in statement.items() if value is not None}


@contextmanager
def requests_made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, ...]]]:
    """Every request the data layer sends to AWS in the block (the suite runs in process),
    as (service, operation, region, parameters): a request made twice shows up twice."""
    made: list[tuple[str, ...]] = []
    invoke: Callable[..., Any] = AccountData._invoke
    pages: Callable[..., Any] = AccountData._pages

    def counted_invoke(
        self: AccountData,
        calls: Any,
        service: str,
        operation: str,
        region: str,
        params: dict[str, Any],
        *rest: Any,
    ) -> Any:
        made.append((service, operation, region, json.dumps(params, sort_keys=True)))
        return invoke(self, calls, service, operation, region, params, *rest)

    def counted_pages(
        self: AccountData,
        calls: Any,
        service: str,
        operation: str,
        region: str,
        params: dict[str, Any],
        *rest: Any,
    ) -> Any:
        made.append((service, operation, region, json.dumps(params, sort_keys=True)))
        return pages(self, calls, service, operation, region, params, *rest)

    with monkeypatch.context() as patch:
        patch.setattr(AccountData, "_invoke", counted_invoke)
        patch.setattr(AccountData, "_pages", counted_pages)
        yield made
