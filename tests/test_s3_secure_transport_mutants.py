"""A bucket policy's Deny of insecure transport (CIS 3.1.1), pinned where mutation testing
(``make mutation``) found the unit tests blind: a policy with no Deny at all, an Allow
conditioned on insecure transport, a Resource naming the bucket but not its objects, other
keys beside aws:SecureTransport in the same condition block, list-valued conditions, and
what the failure message names (it is the control's message)."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.analysis.s3_secure_transport import (
    FUTURE_ACTION,
    SecureTransportVerdict,
    covers_every_suffix,
    s3_actions,
)
from tests.test_s3_secure_transport import BUCKET, statement, verdict

NONE_FOUND = 'no Deny statement conditioned on "Bool": {"aws:SecureTransport": "false"}'
# every action AWS's Service Authorization Reference lists for S3 (FUTURE_ACTION aside)
PUBLISHED = [action for action in s3_actions() if action != FUTURE_ACTION]


def test_a_policy_without_a_deny_does_not_enforce() -> None:
    assert verdict() == SecureTransportVerdict(False, (), NONE_FOUND)
    allow = statement(Effect="Allow", Condition=None)
    assert verdict(allow) == SecureTransportVerdict(False, (), NONE_FOUND)


def test_an_allow_conditioned_on_insecure_transport_is_no_deny() -> None:
    # it grants HTTP access rather than refusing it
    assert verdict(statement(Effect="Allow")) == SecureTransportVerdict(False, (), NONE_FOUND)


def test_a_deny_not_conditioned_on_secure_transport_is_not_counted() -> None:
    # a Deny of deleting the bucket, unconditioned, says nothing about HTTP
    unconditioned = statement(Sid="NoDelete", Action="s3:DeleteBucket", Condition=None)
    assert verdict(unconditioned) == SecureTransportVerdict(False, (), NONE_FOUND)


@pytest.mark.parametrize(
    "condition",
    [
        # aws:SecureTransport is a Boolean key: only Bool/BoolIfExists test it
        {"StringEquals": {"aws:SecureTransport": "false"}},
        # another Boolean key set to false is not aws:SecureTransport
        {"Bool": {"aws:ViaAWSService": "false"}},
        # a condition on another key altogether
        {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}},
    ],
)
def test_a_deny_on_another_condition_is_not_a_deny_of_http(condition: dict[str, Any]) -> None:
    assert verdict(statement(Condition=condition)) == SecureTransportVerdict(False, (), NONE_FOUND)


def test_a_deny_of_old_tls_versions_is_named_as_not_denying_http() -> None:
    # an HTTP request carries no TLS version, so a NumericLessThan on it is false for HTTP
    tls = statement(Condition={"NumericLessThan": {"s3:TlsVersion": "1.2"}})
    assert verdict(tls).missing == (
        NONE_FOUND
        + " (a Deny on s3:TlsVersion does not deny HTTP requests, which carry no TLS version)"
    )
    # an Allow on the TLS version is no attempt at a Deny: no note
    allow_tls = statement(Effect="Allow", Condition={"NumericLessThan": {"s3:TlsVersion": "1.2"}})
    assert verdict(allow_tls, tls).missing.endswith("carry no TLS version)")
    assert verdict(allow_tls).missing == NONE_FOUND
    other = statement(Condition={"Bool": {"aws:ViaAWSService": "false"}})
    assert verdict(other).missing == NONE_FOUND


def test_a_list_valued_condition_counts() -> None:
    assert verdict(statement(Condition={"Bool": {"aws:SecureTransport": ["false"]}})).enforced


def test_an_enforcing_policy_names_the_statements_that_deny() -> None:
    found = verdict(statement(), statement(Sid=None))
    assert found == SecureTransportVerdict(True, ("Sid 'DenyHttp'", "a Deny statement without Sid"))


def test_a_resource_naming_only_the_bucket_leaves_its_objects_open() -> None:
    found = verdict(statement(Resource=BUCKET))
    assert found == SecureTransportVerdict(
        False,
        ("Sid 'DenyHttp'",),
        f"HTTP requests on {BUCKET}/* are not denied (no Resource matches it)",
    )


def test_gaps_on_the_bucket_and_on_its_objects_are_both_named() -> None:
    found = verdict(statement(Resource=f"{BUCKET}/*", Action="s3:GetObject"))
    listed = [action for action in PUBLISHED if action != "s3:GetObject"]
    assert found.missing == (
        f"HTTP requests on {BUCKET} are not denied (no Resource matches it);"
        f" HTTP requests on {BUCKET}/* are not denied for {listed[:3]} and"
        f" {len(listed) - 3} more ({len(listed)} in all) and S3 actions AWS adds later"
        " (the Deny's Action leaves them out)"
    )


def test_an_enumeration_of_todays_actions_leaves_out_the_ones_aws_adds_later() -> None:
    found = verdict(statement(Action=PUBLISHED))
    assert not found.enforced
    assert found.missing == (
        f"HTTP requests on {BUCKET} and {BUCKET}/* are not denied for S3 actions AWS adds"
        " later (the Deny's Action leaves them out)"
    )


def test_a_deny_that_covers_the_future_but_not_one_action_names_only_that_one() -> None:
    found = verdict(statement(Action=None, NotAction="s3:GetObject"))
    assert found.missing == (
        f"HTTP requests on {BUCKET} and {BUCKET}/* are not denied for ['s3:GetObject']"
        " (the Deny's Action leaves them out)"
    )


def test_every_flaw_of_every_statement_is_named() -> None:
    flawed = statement(
        Sid=None,
        Principal=None,
        NotPrincipal={"AWS": "arn:aws:iam::123456789012:root"},
        Condition={
            # the SecureTransport key first, so the keys after it are still read
            "Bool": {"aws:SecureTransport": "false", "aws:ViaAWSService": "false"},
            "StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"},
        },
    )
    named = statement(Sid="Named", Principal={"AWS": "arn:aws:iam::123456789012:root"})
    found = verdict(flawed, named)
    assert found == SecureTransportVerdict(
        False,
        ("a Deny statement without Sid", "Sid 'Named'"),
        'a Deny statement without Sid uses NotPrincipal {"AWS": ["arn:aws:iam::123456789012:root"]}'
        " (those it names may still use HTTP); is also conditioned on Bool aws:ViaAWSService,"
        " StringEquals aws:SourceVpce (denies HTTP only then); Sid 'Named' applies to Principal"
        ' {"AWS": ["arn:aws:iam::123456789012:root"]} only, not to Principal "*"',
    )


def test_another_key_in_the_same_bool_block_keeps_the_deny_from_counting() -> None:
    # Bool with two keys is an AND: HTTP is denied only from outside AWS services
    for keys in (
        {"aws:SecureTransport": "false", "aws:ViaAWSService": "false"},
        {"aws:ViaAWSService": "false", "aws:SecureTransport": "false"},
    ):
        assert not verdict(statement(Condition={"Bool": keys})).enforced


def test_a_malformed_condition_block_is_named_not_a_crash() -> None:
    found = verdict(
        statement(
            Condition={
                "Null": "aws:SourceIp",
                "Bool": {"aws:SecureTransport": "false"},
                "IpAddress": {"aws:SourceIp": "192.0.2.0/24"},
            }
        )
    )
    assert not found.enforced
    assert found.missing == (
        "Sid 'DenyHttp' is also conditioned on Null, IpAddress aws:SourceIp (denies HTTP only then)"
    )


@pytest.mark.parametrize(
    ("pattern", "covers"),
    [
        ("*/*", True),  # every object of every bucket
        ("arn:aws:s3:::b-1X*", False),  # buckets whose names begin b-1X
    ],
)
def test_object_patterns_beyond_the_first_tests(pattern: str, covers: bool) -> None:
    assert covers_every_suffix(pattern, f"{BUCKET}/") is covers
