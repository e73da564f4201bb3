"""iam/resource-policies-not-public (CIS 2.21): roles trusting any web identity, address
ranges that add up to too much, and Deny statements that take a public Allow back (AWS's
data perimeter pattern)."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest

from fixtures.analysis.policy_documents import parse_policy
from fixtures.analysis.resource_policy_denies import neutralising_deny
from fixtures.analysis.resource_policy_model import PolicyStatement
from fixtures.aws.resource_policies import restricting_conditions
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.test_iam_resource_policies_not_public import (
    CASE,
    CONTROL,
    client,
    make_bucket,
    make_queue,
    policy,
    public,
)

ACCEPTED = "Public principals accepted because of a condition"
NEUTRALISED = (
    "Public statements no one outside the account can use (a setting or a Deny neutralises them)"
)
COGNITO = "cognito-identity.amazonaws.com"
POOL = "us-east-1:12345678-abcd-abcd-abcd-123456789012"
GITHUB = f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com"
EKS_HOST = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
ORG = "o-abcdefghij"


def trust(federated: str, condition: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Federated": federated},
        "Action": "sts:AssumeRoleWithWebIdentity",
        **extra,
    }
    if condition:
        statement["Condition"] = condition
    return statement


def item(statement: dict[str, Any]) -> PolicyStatement:
    (parsed,) = parse_policy(policy(statement), "test")
    return PolicyStatement(parsed)


def make_role(suite: Suite, statement: dict[str, Any]) -> str:
    role = client(suite, "iam").create_role(
        RoleName="web", AssumeRolePolicyDocument=policy(statement)
    )
    arn: str = role["Role"]["Arn"]
    return arn


# -- 1. Roles trusting any web identity ------------------------------------------------


@pytest.mark.parametrize(
    "federated",
    [
        COGNITO,
        GITHUB,
        "accounts.google.com",
        f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/idp.example",
    ],
)
def test_role_trusting_any_web_identity_fails(suite: Suite, federated: str) -> None:
    arn = make_role(suite, trust(federated))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (IAM role)" in run.output
    assert "(any web identity of it)" in run.output


@pytest.mark.parametrize("sub", ["*", "repo:*", "repo:my-org*", "repo:*/my-repo:*"])
def test_role_trusting_github_repositories_of_anyone_fails(suite: Suite, sub: str) -> None:
    make_role(
        suite,
        trust(
            GITHUB,
            {
                "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                "StringLike": {"token.actions.githubusercontent.com:sub": sub},
            },
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "its conditions (StringEquals, StringLike) do not confine who" in run.output


def test_role_trusting_one_identity_pool_passes_and_is_noted(suite: Suite) -> None:
    make_role(suite, trust(COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL}}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    accepted = run.evidence()[CASE]["decided_by"][ACCEPTED]
    assert f'StringEquals {COGNITO}:aud "{POOL}"' in accepted


def test_role_trusting_the_repositories_of_one_github_org_passes(suite: Suite) -> None:
    key = "token.actions.githubusercontent.com:sub"
    make_role(suite, trust(GITHUB, {"StringLike": {key: ["repo:my-org/*", "repo:my-org/app:*"]}}))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert "repo:my-org/*" in run.evidence()[CASE]["decided_by"][ACCEPTED]


def test_role_trusting_the_account_saml_provider_passes(suite: Suite) -> None:
    saml = f"arn:aws:iam::{ACCOUNT_ID}:saml-provider/corp"
    make_role(suite, trust(saml, Action="sts:AssumeRoleWithSAML"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("statement", "open_"),
    [
        (trust(COGNITO), True),
        (trust(COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL}}), False),
        (trust(COGNITO, {"StringLike": {f"{COGNITO}:aud": "us-east-1:*"}}), True),
        (trust(COGNITO, {"StringEqualsIfExists": {f"{COGNITO}:aud": POOL}}), True),
        # amr says how the user signed in, not to which pool.
        (trust(COGNITO, {"ForAnyValue:StringLike": {f"{COGNITO}:amr": "authenticated"}}), True),
        (trust(COGNITO, {"StringEquals": {"aws:SourceAccount": ACCOUNT_ID}}), True),
        (trust(GITHUB), True),
        (trust(GITHUB, {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts"}}), True),
        (
            trust(GITHUB, {"StringEquals": {"token.actions.githubusercontent.com:sub": "x:y"}}),
            True,
        ),
        (
            trust(
                GITHUB,
                {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:o/r:ref:x"}},
            ),
            False,
        ),
        (trust("accounts.google.com", {"StringEquals": {"accounts.google.com:aud": "1"}}), False),
        (trust("graph.facebook.com", {"StringEquals": {"graph.facebook.com:app_id": "1"}}), False),
        (trust("www.amazon.com", {"StringEquals": {"www.amazon.com:app_id": "amzn1"}}), False),
        # An unknown issuer may serve anyone: its aud alone does not say who.
        (trust(f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/idp.example"), True),
        (
            trust(
                f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/idp.example",
                {"StringEquals": {"idp.example:aud": "client"}},
            ),
            True,
        ),
        (
            trust(
                f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/idp.example",
                {"StringEquals": {"idp.example:sub": "user-1"}},
            ),
            False,
        ),
        (trust(f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/{EKS_HOST}"), False),
        # Two providers: each must be confined by its own keys.
        (
            {
                **trust(COGNITO, {"StringEquals": {f"{COGNITO}:aud": POOL}}),
                "Principal": {"Federated": [COGNITO, GITHUB]},
            },
            True,
        ),
    ],
)
def test_which_web_identity_trusts_are_open(statement: dict[str, Any], open_: bool) -> None:
    judged = item(statement)

    assert judged.public_grantee() is not None
    assert (not judged.confined_by()) is open_


@pytest.mark.parametrize(
    "statement",
    [
        trust(f"arn:aws:iam::{ACCOUNT_ID}:saml-provider/corp", Action="sts:AssumeRoleWithSAML"),
        trust(COGNITO, Action="sts:TagSession"),  # does not let anyone assume the role
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}},
        {**trust(COGNITO), "Effect": "Deny"},
    ],
)
def test_statements_that_open_no_role_to_web_identities(statement: dict[str, Any]) -> None:
    assert item({"Action": "sts:AssumeRole", **statement}).public_grantee() is None


# -- 2. Address ranges that add up to too much ----------------------------------------


def _under(first: str, family_bits: int, edge: int) -> list[str]:
    """Ranges of ``2^(family_bits - edge) - 1`` addresses in all: one each of /edge+1 ..
    /family_bits, side by side from ``first``."""
    start = int(ipaddress.ip_address(first))
    ranges = []
    for bits in range(edge + 1, family_bits + 1):
        ranges.append(str(ipaddress.ip_network((start, bits))))
        start += 2 ** (family_bits - bits)
    return ranges


@pytest.mark.parametrize(
    ("ranges", "confines"),
    [
        ([f"{n}.0.0.0/8" for n in range(0, 256, 2)], False),  # half the internet in /8s
        (["10.0.0.0/8"], True),  # exactly 2^24
        (["10.0.0.0/9", "11.128.0.0/9"], True),  # 2^24 in two pieces
        (["10.0.0.0/8", "11.0.0.0/32"], False),  # 2^24 + 1
        (["10.0.0.0/8", "10.1.0.0/16"], True),  # overlaps count once
        (_under("10.0.0.0", 32, 8), True),  # 2^24 - 1
        (["2001:db8::/16"], True),  # exactly 2^112
        (["2001::/17", "2002::/17"], True),
        (["2001::/16", "2002::/128"], False),  # 2^112 + 1
        (_under("2001::", 128, 16), True),  # 2^112 - 1
        (["10.0.0.0/8", "2001::/16"], True),  # each family within its bound
        (["10.0.0.0/8", "2001::/15"], False),
    ],
)
def test_total_address_space_of_a_source_ip_condition(ranges: list[str], confines: bool) -> None:
    (statement,) = parse_policy(
        policy(public("S", "s3:GetObject", Condition={"IpAddress": {"aws:SourceIp": ranges}})),
        "test",
    )

    assert bool(restricting_conditions(statement)) is confines


def test_under_helper_counts_one_less_than_the_bound() -> None:
    total = sum(ipaddress.ip_network(r).num_addresses for r in _under("10.0.0.0", 32, 8))
    assert total == 2**24 - 1


def test_queue_open_to_half_the_internet_in_slash_8s_fails(suite: Suite) -> None:
    ranges = [f"{n}.0.0.0/8" for n in range(0, 256, 2)]
    arn = make_queue(
        suite,
        "half-queue",
        policy(
            public("Half", "sqs:SendMessage", Condition={"IpAddress": {"aws:SourceIp": ranges}})
        ),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn} (SQS queue): Sid 'Half'" in run.output


# -- 3. Deny statements that take a public Allow back --------------------------------

BUCKET = "perimeter-bucket"
BOTH = [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"]


def only_org(
    action: Any = "s3:*", resource: Any = None, operator: str = "StringNotEquals", **extra: Any
) -> dict[str, Any]:
    """AWS's data perimeter Deny: everyone outside the organization."""
    return {
        "Sid": "OnlyOrg",
        "Effect": "Deny",
        "Principal": "*",
        "Action": action,
        "Resource": BOTH if resource is None else resource,
        "Condition": {operator: {"aws:PrincipalOrgID": ORG}},
        **extra,
    }


def read_all() -> dict[str, Any]:
    return public("Read", "s3:GetObject", f"arn:aws:s3:::{BUCKET}/*")


def test_public_read_with_an_organization_deny_passes_naming_the_deny(suite: Suite) -> None:
    make_bucket(suite, BUCKET, policy(read_all(), only_org()))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    neutralised = run.evidence()[CASE]["decided_by"][NEUTRALISED]
    assert f"arn:aws:s3:::{BUCKET} (S3 bucket): Sid 'Read'" in neutralised
    assert "neutralised by Sid 'OnlyOrg': Deny Action ['s3:*']" in neutralised
    assert f'unless StringNotEquals aws:PrincipalOrgID "{ORG}"' in neutralised


def test_the_if_exists_form_of_the_deny_passes(suite: Suite) -> None:
    make_bucket(suite, BUCKET, policy(read_all(), only_org(operator="StringNotEqualsIfExists")))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    "deny",
    [
        only_org(action=["s3:PutObject", "s3:ListBucket"]),  # fewer actions
        only_org(resource=f"arn:aws:s3:::{BUCKET}"),  # the bucket, not its objects
        {**only_org(), "Condition": {"StringNotLike": {"aws:PrincipalOrgID": "o-*"}}},
        {
            **only_org(),
            "Principal": None,
            "NotPrincipal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
        },
    ],
    ids=["fewer-actions", "fewer-resources", "wildcard-org", "not-principal"],
)
def test_a_deny_that_does_not_cover_the_allow_keeps_the_violation(
    suite: Suite, deny: dict[str, Any]
) -> None:
    deny = {key: value for key, value in deny.items() if value is not None}
    make_bucket(suite, BUCKET, policy(read_all(), deny))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:s3:::{BUCKET} (S3 bucket): Sid 'Read'" in run.output
    assert "grants access to Principal" in run.output


def test_the_same_deny_on_a_queue_passes(suite: Suite) -> None:
    arn = f"arn:aws:sqs:us-east-1:{ACCOUNT_ID}:perimeter-queue"
    make_queue(
        suite,
        "perimeter-queue",
        policy(public("Send", "sqs:SendMessage", arn), only_org(action="sqs:*", resource=arn)),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert "neutralised by Sid 'OnlyOrg'" in run.evidence()[CASE]["decided_by"][NEUTRALISED]


ALLOW = read_all()


@pytest.mark.parametrize(
    ("allow", "deny", "neutralises"),
    [
        (ALLOW, only_org(), True),
        # Some services read {"AWS": "*"} as fewer than everyone: not shown to cover.
        (ALLOW, {**only_org(), "Principal": {"AWS": "*"}}, False),
        (ALLOW, {**only_org(), "Condition": {}}, True),  # denies everyone: nothing left
        (ALLOW, only_org(action="*", resource="*"), True),
        (ALLOW, only_org(operator="ArnNotLike"), False),  # no ARN to compare
        (ALLOW, {**only_org(), "Effect": "Allow"}, False),
        (ALLOW, {**only_org(), "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}}, False),
        # A second condition narrows the Deny to secure-transport requests only.
        (
            ALLOW,
            {
                **only_org(),
                "Condition": {
                    "StringNotEquals": {"aws:PrincipalOrgID": ORG},
                    "Bool": {"aws:SecureTransport": "true"},
                },
            },
            False,
        ),
        # Not a condition that would confine: anyone can choose a user agent.
        (ALLOW, {**only_org(), "Condition": {"StringNotEquals": {"aws:UserAgent": "x"}}}, False),
        # Negated operators on other confining keys.
        (
            ALLOW,
            {**only_org(), "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
            True,
        ),
        (
            ALLOW,
            {**only_org(), "Condition": {"NotIpAddress": {"aws:SourceIp": "0.0.0.0/1"}}},
            False,
        ),
        (
            ALLOW,
            {
                **only_org(),
                "Condition": {
                    "ArnNotLikeIfExists": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT_ID}:*"}
                },
            },
            True,
        ),
        (
            ALLOW,
            {
                **only_org(),
                "Condition": {"ForAllValues:StringNotEquals": {"aws:PrincipalOrgID": ORG}},
            },
            False,
        ),
        # Wildcard actions: by prefix, or by every action AWS's data knows.
        (public("R", "s3:Get*", BOTH[1]), only_org(action="s3:G*"), True),
        (
            public("R", "s3:GetObject*", BOTH[1]),
            only_org(action=["s3:GetObject", "s3:GetObjectAcl"]),
            False,
        ),
        (public("R", "s3:GetObjectAc?", BOTH[1]), only_org(action="s3:GetObjectAcl"), True),
        (public("R", "s3:NoSuchAction*", BOTH[1]), only_org(action="s3:NoSuch"), False),
        (
            public("R", "s3:GetObject", BOTH[1]),
            {**only_org(), "Action": None, "NotAction": "s3:Put*"},
            True,
        ),
        (
            public("R", "s3:GetObject", BOTH[1]),
            {**only_org(), "Action": None, "NotAction": "s3:Get*"},
            False,
        ),
        (
            {**public("R", "x", BOTH[1]), "Action": None, "NotAction": "s3:Delete*"},
            only_org(),
            False,
        ),
        (
            {**public("R", "x", BOTH[1]), "Action": None, "NotAction": "s3:Delete*"},
            only_org("*"),
            True,
        ),
        # Resources: by glob for a literal ARN, by prefix for a pattern.
        (
            public("R", "s3:GetObject", f"arn:aws:s3:::{BUCKET}/a.txt"),
            only_org(resource=BOTH[1]),
            True,
        ),
        (
            public("R", "s3:GetObject", f"arn:aws:s3:::{BUCKET}/*"),
            only_org(resource=f"arn:aws:s3:::{BUCKET}/a*"),
            False,
        ),
        (
            public("R", "s3:GetObject", f"arn:aws:s3:::{BUCKET}/p/*"),
            only_org(resource=f"arn:aws:s3:::{BUCKET}/p*"),
            True,
        ),
        (ALLOW, {**only_org(), "Resource": None, "NotResource": "arn:aws:s3:::other"}, False),
    ],
)
def test_which_denies_neutralise_a_public_allow(
    allow: dict[str, Any], deny: dict[str, Any], neutralises: bool
) -> None:
    statements = [
        {key: value for key, value in s.items() if value is not None} for s in (allow, deny)
    ]
    parsed = parse_policy(json.dumps({"Statement": statements}), "test")

    assert (neutralising_deny(parsed[0], parsed) is not None) is neutralises
