"""fixtures/analysis/s3_secure_transport.py: a bucket policy judged by what its Denies of
insecure transport match (CIS 3.1.1)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fixtures.analysis.policy_documents import parse_policy
from fixtures.analysis.s3_secure_transport import (
    FUTURE_ACTION,
    covers_every_suffix,
    denies_http,
    s3_actions,
)

BUCKET = "arn:aws:s3:::b-1"


def statement(**changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "Sid": "DenyHttp",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [BUCKET, f"{BUCKET}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    found.update(changes)
    return {key: value for key, value in found.items() if value is not None}


def verdict(*statements: dict[str, Any]) -> Any:
    document = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    return denies_http(parse_policy(document, "test"), BUCKET)


@pytest.mark.parametrize(
    ("pattern", "covers"),
    [
        ("*", True),
        ("arn:aws:s3:::b-1/*", True),
        ("arn:aws:s3:::b-1*", True),
        ("arn:aws:s3:::b-?/*", True),
        ("arn:aws:s3:::*", True),
        ("arn:aws:s3:::b-1/public/*", False),
        ("arn:aws:s3:::b-1/", False),
        ("arn:aws:s3:::b-1/*.txt", False),
        ("arn:aws:s3:::b-2/*", False),
        ("arn:aws:s3:::B-1/*", False),  # ARNs are case-sensitive
    ],
)
def test_an_object_pattern_covers_every_key_only_when_it_ends_open(
    pattern: str, covers: bool
) -> None:
    assert covers_every_suffix(pattern, f"{BUCKET}/") is covers


@pytest.mark.parametrize(
    "changes",
    [
        {"Condition": {"Bool": {"aws:SecureTransport": False}}},  # a JSON boolean
        {"Condition": {"Bool": {"aws:securetransport": "FALSE"}}},  # keys ignore case
        {"Action": ["s3:GetObject", "S3:*"]},  # actions ignore case
        {"Action": "*"},
        {"Action": None, "NotAction": "iam:*"},  # every action but IAM's
        {"Principal": {"AWS": ["*"], "Service": "cloudtrail.amazonaws.com"}},
    ],
)
def test_equivalent_forms_pass(changes: dict[str, Any]) -> None:
    assert verdict(statement(**changes)).enforced


def test_a_not_action_that_leaves_out_an_s3_action_fails_naming_it() -> None:
    found = verdict(statement(Action=None, NotAction="s3:GetObject"))

    assert not found.enforced
    assert "are not denied for ['s3:GetObject']" in found.missing


def test_not_resource_does_not_count() -> None:
    found = verdict(statement(Resource=None, NotResource="arn:aws:s3:::other/*"))

    assert not found.enforced
    assert "uses NotResource ['arn:aws:s3:::other/*']" in found.missing


def test_a_good_statement_beside_a_flawed_one_passes() -> None:
    flawed = statement(
        Sid="FromOffice",
        Condition={
            "Bool": {"aws:SecureTransport": "false"},
            "IpAddress": {"aws:SourceIp": "192.0.2.0/24"},
        },
    )
    assert verdict(flawed, statement()).enforced


def test_gaps_and_flaws_are_both_named() -> None:
    objects_only = statement(Sid="Objects", Resource=f"{BUCKET}/*")
    named = statement(Sid="Named", Principal={"AWS": "arn:aws:iam::123456789012:root"})

    found = verdict(objects_only, named)

    assert found.missing == (
        "HTTP requests on arn:aws:s3:::b-1 are not denied (no Resource matches it);"
        ' Sid \'Named\' applies to Principal {"AWS": ["arn:aws:iam::123456789012:root"]} only,'
        ' not to Principal "*"'
    )


def test_the_actions_include_every_published_s3_action_and_a_future_one() -> None:
    actions = s3_actions()

    assert {"s3:GetObject", "s3:ListBucket", "s3:PutBucketPolicy"} <= set(actions)
    assert actions[-1] == FUTURE_ACTION
