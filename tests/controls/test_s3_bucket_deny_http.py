"""s3/bucket-deny-http (CIS 3.1.1) against moto: bucket policies judged by what they match,
each bucket in its own region."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from fixtures.aws.s3 import S3Bucket, fetch_bucket_policies
from fixtures.demo.moto.s3 import set_list_buckets_page_size
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedByParams
from tests.controls.s3_scenarios import (
    arn,
    deny_http,
    make_bucket,
    policy,
    requests_made,
)

CONTROL = "s3/test_bucket_deny_http.py"
CASE = "test_bucket_deny_http[prod-us-east-1]"
EU_CASE = "test_bucket_deny_http[prod-eu-west-1]"
TWO_REGIONS = {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}


def test_a_bucket_whose_policy_denies_http_passes(suite: Suite) -> None:
    make_bucket(suite, "secure-bucket", policy=policy(deny_http("secure-bucket")))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Buckets whose policy denies HTTP requests"] == (
        "arn:aws:s3:::secure-bucket (Sid 'DenyHttp')"
    )
    assert decided["S3 buckets located in us-east-1"] == "1: secure-bucket"


def test_a_region_without_buckets_passes_with_that_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["S3 buckets located in us-east-1"] == "0: none"


def test_a_bucket_without_a_policy_fails(suite: Suite) -> None:
    make_bucket(suite, "bare-bucket")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "arn:aws:s3:::bare-bucket: no bucket policy, so nothing denies HTTP" in run.output


NO_DENY = 'no Deny statement conditioned on "Bool": {"aws:SecureTransport": "false"}'
# Each kind of policy that looks like CIS 3.1.1's but leaves HTTP requests allowed.
LOOKALIKES: dict[str, tuple[dict[str, Any], str]] = {
    "objects only": (
        {"Resource": f"{arn('b-1')}/*"},
        "HTTP requests on arn:aws:s3:::b-1 are not denied (no Resource matches it)",
    ),
    "bucket only": (
        {"Resource": arn("b-1")},
        "HTTP requests on arn:aws:s3:::b-1/* are not denied (no Resource matches it)",
    ),
    "one prefix of objects": (
        {"Resource": [arn("b-1"), f"{arn('b-1')}/public/*"]},
        "HTTP requests on arn:aws:s3:::b-1/* are not denied (no Resource matches it)",
    ),
    "GetObject only": (
        {"Action": "s3:GetObject"},
        "HTTP requests on arn:aws:s3:::b-1 and arn:aws:s3:::b-1/* are not denied for"
        " ['s3:AbortMultipartUpload'",
    ),
    "every action of today, listed": (
        {"Action": "LISTED"},
        "HTTP requests on arn:aws:s3:::b-1 and arn:aws:s3:::b-1/* are not denied for S3 actions"
        " AWS adds later (the Deny's Action leaves them out)",
    ),
    "NotPrincipal": (
        {"Principal": None, "NotPrincipal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}},
        'Sid \'DenyHttp\' uses NotPrincipal {"AWS": ["arn:aws:iam::123456789012:root"]}',
    ),
    "a named principal": (
        {"Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}},
        'Sid \'DenyHttp\' applies to Principal {"AWS": ["arn:aws:iam::123456789012:root"]}'
        ' only, not to Principal "*"',
    ),
    "another condition key": (
        {
            "Condition": {
                "Bool": {"aws:SecureTransport": "false"},
                "NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"},
            }
        },
        "Sid 'DenyHttp' is also conditioned on NotIpAddress aws:SourceIp (denies HTTP only then)",
    ),
    "TLS version instead": (
        {"Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}}},
        'no Deny statement conditioned on "Bool": {"aws:SecureTransport": "false"} (a Deny'
        " on s3:TlsVersion does not deny HTTP requests",
    ),
    "SecureTransport true": (
        {"Condition": {"Bool": {"aws:SecureTransport": "true"}}},
        NO_DENY,
    ),
    "an Allow over HTTPS instead": (
        {"Effect": "Allow", "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
        NO_DENY,
    ),
}


@pytest.mark.parametrize("kind", LOOKALIKES)
def test_a_policy_that_leaves_http_allowed_fails_saying_what_is_missing(
    suite: Suite, kind: str
) -> None:
    changes, missing = LOOKALIKES[kind]
    if changes.get("Action") == "LISTED":
        from fixtures.analysis.s3_secure_transport import FUTURE_ACTION, s3_actions

        changes = {"Action": [a for a in s3_actions() if a != FUTURE_ACTION]}
    make_bucket(suite, "b-1", policy=policy(deny_http("b-1", **changes)))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:s3:::b-1: {missing}" in run.output
    assert "1 violation(s)" in run.output


# Written otherwise, matching the same: each passes.
EQUIVALENTS: dict[str, list[dict[str, Any]]] = {
    "a wildcard on the name": [deny_http("b-1", Resource="arn:aws:s3:::b-*")],
    "every resource, every action": [deny_http("b-1", Resource="*", Action="*")],
    'Principal {"AWS": "*"}, BoolIfExists': [
        deny_http(
            "b-1",
            Principal={"AWS": "*"},
            Condition={"BoolIfExists": {"AWS:SecureTransport": ["false"]}},
        )
    ],
    "two statements, bucket and objects": [
        deny_http("b-1", Sid="Bucket", Resource=arn("b-1")),
        deny_http("b-1", Sid="Objects", Resource=f"{arn('b-1')}/*"),
    ],
    "split actions": [
        deny_http("b-1", Sid="Reads", Action=["s3:Get*", "s3:List*"]),
        deny_http("b-1", Sid="Rest", Action=None, NotAction=["s3:Get*", "s3:List*"]),
    ],
}


@pytest.mark.parametrize("kind", EQUIVALENTS)
def test_an_equivalent_policy_passes(suite: Suite, kind: str) -> None:
    make_bucket(suite, "b-1", policy=policy(*EQUIVALENTS[kind]))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_each_bucket_is_judged_in_its_own_region(suite: Suite) -> None:
    suite.write_accounts(TWO_REGIONS)
    make_bucket(suite, "us-secure", policy=policy(deny_http("us-secure")))
    make_bucket(suite, "eu-bare", region="eu-west-1")

    with requests_made(suite.monkeypatch) as made:
        run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1, failed=1)
    assert run.verdicts() == {CASE: "compliant", EU_CASE: "violation"}
    assert "arn:aws:s3:::eu-bare: no bucket policy" in run.output
    asked = {(m[2], m[3]) for m in made if m[1] == "GetBucketPolicy"}
    assert asked == {
        ("us-east-1", '{"Bucket": "us-secure"}'),
        ("eu-west-1", '{"Bucket": "eu-bare"}'),
    }
    eu = run.evidence()[EU_CASE]["decided_by"]
    assert eu["S3 buckets located in eu-west-1"] == "1: eu-bare"


def test_buckets_of_regions_not_checked_are_named_in_the_home_region(suite: Suite) -> None:
    make_bucket(suite, "home-secure", policy=policy(deny_http("home-secure")))
    make_bucket(suite, "far-bare", region="ap-south-1")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["S3 buckets in regions this run does not check (not checked)"] == (
        "arn:aws:s3:::far-bare (ap-south-1)"
    )
    assert "far-bare" not in decided["S3 buckets located in us-east-1"]


def test_a_bucket_on_the_second_page_of_buckets_is_judged(suite: Suite) -> None:
    set_list_buckets_page_size(ACCOUNT_ID, 2)
    for name in ("a-secure", "b-secure"):
        make_bucket(suite, name, policy=policy(deny_http(name)))
    make_bucket(suite, "c-bare")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "arn:aws:s3:::c-bare: no bucket policy" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert [c["action"] for c in calls].count("s3:ListAllMyBuckets") == 2


def test_the_s3_controls_and_cis_2_21_make_each_request_once(suite: Suite) -> None:
    suite.write_accounts(TWO_REGIONS)
    make_bucket(suite, "us-secure", policy=policy(deny_http("us-secure")))
    make_bucket(suite, "eu-open", "eu-west-1", policy(deny_http("eu-open", Effect="Allow")))
    make_bucket(suite, "far-bare", region="ap-south-1")

    with requests_made(suite.monkeypatch) as made:
        run = suite.run(
            "compliance_tests/s3",
            "compliance_tests/iam/test_resource_policies_not_public.py",
            control=None,
        )

    verdicts = run.verdicts()
    assert verdicts["test_resource_policies_not_public[prod-eu-west-1]"] == "violation"
    assert verdicts["test_bucket_mfa_delete[prod-us-east-1]"] == "violation"
    twice = [request for request, count in Counter(made).items() if count > 1]
    assert twice == []
    s3_requests = {m[1] for m in made if m[0] in ("s3", "s3control")}
    assert {"ListBuckets", "GetBucketLocation", "GetBucketPolicy", "GetBucketVersioning"} <= (
        s3_requests
    )


@pytest.mark.parametrize(
    ("action", "permission"),
    [
        ("s3:ListAllMyBuckets", "s3:ListAllMyBuckets"),
        ("s3:GetBucketLocation", "s3:GetBucketLocation"),
        ("s3:GetBucketPolicy", "s3:GetBucketPolicy"),
    ],
)
def test_a_denied_read_is_an_error(suite: Suite, action: str, permission: str) -> None:
    make_bucket(suite, "some-bucket", policy=policy(deny_http("some-bucket")))
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {permission} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_a_bucket_whose_region_cannot_be_read_errs_in_every_region(suite: Suite) -> None:
    suite.write_accounts(TWO_REGIONS)
    make_bucket(suite, "eu-bucket", region="eu-west-1")
    suite.deny("s3:GetBucketLocation")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=2)
    assert "the account's S3 buckets and their regions could not be read" in run.output


def test_a_policy_answer_without_its_document_is_a_missing_field() -> None:
    canned = CannedByParams().answer_when("s3", "GetBucketPolicy", {"Bucket": "b-1"}, {})
    canned.answer("s3", "ListBuckets", {"Buckets": [{"Name": "b-1"}]})
    canned.answer("s3", "GetBucketLocation", {"LocationConstraint": None})

    with pytest.raises(MissingField, match="arn:aws:s3:::b-1: s3:GetBucketPolicy for bucket b-1"):
        fetch_bucket_policies(canned.data(), "us-east-1")


def test_a_policy_that_is_not_json_cannot_be_assessed() -> None:
    canned = CannedByParams().answer_when(
        "s3", "GetBucketPolicy", {"Bucket": "b-1"}, {"Policy": "{not json"}
    )
    canned.answer("s3", "ListBuckets", {"Buckets": [{"Name": "b-1"}]})
    canned.answer("s3", "GetBucketLocation", {"LocationConstraint": None})

    with pytest.raises(Exception, match="policy document is not JSON"):
        fetch_bucket_policies(canned.data(), "us-east-1")


def test_a_listed_bucket_without_its_name_is_a_missing_field() -> None:
    canned = CannedByParams().answer("s3", "ListBuckets", {"Buckets": [{"CreationDate": "x"}]})

    with pytest.raises(MissingField, match="S3 buckets and their regions could not be read"):
        fetch_bucket_policies(canned.data(), "us-east-1")


def test_a_bucket_is_named_by_its_partitions_arn() -> None:
    assert S3Bucket("b-1", "cn-north-1").arn == "arn:aws-cn:s3:::b-1"
