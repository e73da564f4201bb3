"""Which Deny statements take back a public Allow (fixtures/analysis/resource_policy_denies.py),
as fast unit tests: AWS's data perimeter Deny and each way a Deny fails to confine
(principal, condition, actions, resources), at each rule's edge."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fixtures.analysis.policy_documents import Statement, parse_policy
from fixtures.analysis.resource_policy_denies import neutralising_deny

BUCKET = "arn:aws:s3:::b-1"
ORG = {"StringNotEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}


def statements(*items: dict[str, Any]) -> tuple[Statement, ...]:
    return parse_policy(json.dumps({"Version": "2012-10-17", "Statement": list(items)}), "test")


def allow(**changes: Any) -> Statement:
    found: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"{BUCKET}/*",
    }
    found.update(changes)
    (parsed,) = statements({k: v for k, v in found.items() if v is not None})
    return parsed


def deny(**changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "Sid": "Perimeter",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [BUCKET, f"{BUCKET}/*"],
        "Condition": ORG,
    }
    found.update(changes)
    return {k: v for k, v in found.items() if v is not None}


def taken_back(granted: Statement, *denies: dict[str, Any]) -> bool:
    return neutralising_deny(granted, statements(*denies)) is not None


def test_the_data_perimeter_deny_takes_back_the_allow_and_is_quoted() -> None:
    (parsed,) = statements(deny())
    assert neutralising_deny(allow(), [parsed]) == (
        f'{parsed.describe()} unless StringNotEquals aws:PrincipalOrgID "o-abcdefghij"'
    )


def test_an_unconditioned_deny_takes_back_the_allow_and_is_quoted_alone() -> None:
    (parsed,) = statements(deny(Condition=None))
    assert neutralising_deny(allow(), [parsed]) == parsed.describe()


def test_the_first_deny_that_covers_is_named() -> None:
    narrow, wide = statements(deny(Sid="Narrow", Action="s3:PutObject"), deny(Sid="Wide"))
    found = neutralising_deny(allow(), [narrow, wide])
    assert found is not None
    assert found.startswith(wide.describe())


@pytest.mark.parametrize(
    "changes",
    [
        {"Effect": "Allow"},  # an Allow takes nothing back
        {"Principal": {"AWS": "*"}},  # may spare service principals: not taken
        {"Principal": {"AWS": "arn:aws:iam::123456789012:root"}},
        {"Principal": None, "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}},
    ],
)
def test_a_deny_not_for_everyone_does_not_take_back(changes: dict[str, Any]) -> None:
    assert not taken_back(allow(), deny(**changes))


@pytest.mark.parametrize(
    ("condition", "confines"),
    [
        (ORG, True),
        ({"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abcdefghij"}}, True),
        ({"StringNotEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}}, True),
        ({"StringNotEquals": {"aws:PrincipalAccount": 111122223333}}, True),
        ({"StringNotLike": {"aws:PrincipalOrgID": "o-abcdefghij"}}, True),
        # a wildcard value matches strangers' ids too
        ({"StringNotLike": {"aws:PrincipalOrgID": "o-*"}}, False),
        # a positive operator: the Deny applies only to the named organization
        ({"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}, False),
        # two conditions are ANDed and narrow the Deny
        ({**ORG, "Bool": {"aws:SecureTransport": "false"}}, False),
        # two keys in one block are ANDed too
        (
            {"StringNotEquals": {"aws:PrincipalOrgID": "o-abcdefghij", "aws:SourceVpc": "vpc-1"}},
            False,
        ),
        # ForAnyValue:/ForAllValues: forms are not judged
        ({"ForAnyValue:StringNotEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}, False),
        # an operator that does not fit the key
        ({"NotIpAddress": {"aws:PrincipalOrgID": "o-abcdefghij"}}, False),
        ({"StringNotEquals": {"aws:UnknownKey": "o-abcdefghij"}}, False),
        # no value at all, or a block that is no mapping
        ({"StringNotEquals": {"aws:PrincipalOrgID": []}}, False),
        ({"StringNotEquals": "aws:PrincipalOrgID"}, False),
        ({"StringNotEquals": "x"}, False),
        ({"StringNotEquals": ["aws:PrincipalOrgID"]}, False),
        # each key by its own rule: an organization path starts with the organization's id
        ({"StringNotLike": {"aws:PrincipalOrgPaths": "o-abcdefghij/r-ab12/*"}}, True),
        ({"StringNotEquals": {"aws:PrincipalOrgPaths": "r-ab12/ou-ab12-11111111"}}, False),
        # StringLike's * may stretch over an ARN's colons; ArnLike compares field by field
        ({"StringNotLike": {"aws:PrincipalArn": "arn:*:iam::111122223333:role/x"}}, False),
        ({"ArnNotLike": {"aws:PrincipalArn": "arn:*:iam::111122223333:role/x"}}, True),
    ],
)
def test_only_one_negated_confining_condition_keeps_the_deny_whole(
    condition: dict[str, Any], confines: bool
) -> None:
    assert taken_back(allow(), deny(Condition=condition)) is confines


@pytest.mark.parametrize(
    ("allowed", "denied", "covered"),
    [
        ({"Action": "s3:GetObject"}, {"Action": "s3:GetObject"}, True),
        ({"Action": "s3:GetObject"}, {"Action": "s3:PutObject"}, False),
        # a pattern under a Deny's prefix, IAM's case-insensitive matching
        ({"Action": "s3:Get*"}, {"Action": "S3:*"}, True),
        ({"Action": "s3:Get*"}, {"Action": "s3:GetObject"}, False),
        ({"Action": "s3:Get*"}, {"Action": "*"}, True),
        # a pattern whose known actions the Deny lists one by one
        ({"Action": "s3:GetObjectAc?"}, {"Action": ["s3:GetObjectAcl"]}, True),
        ({"Action": "s3:GetObjectAc?"}, {"Action": ["s3:GetObject"]}, False),
        # a pattern matching nothing known is covered only by a prefix
        ({"Action": "s3:Frob*"}, {"Action": "s3:GetObject"}, False),
        ({"Action": "s3:Frob*"}, {"Action": "s3:*"}, True),
        ({"Action": "s3:Frob*"}, {"Action": "S3:*"}, True),  # action names ignore case
        # an action newer than AWS's data, denied by its exact name, is covered
        ({"Action": "s3:ExportX"}, {"Action": "s3:ExportX"}, True),
        ({"Action": "s3:ExportX"}, {"Action": "s3:ExportY"}, False),
        # a Deny pattern with a wildcard before its end is no prefix: it covers what AWS's
        # data knows the Allow matches, and nothing unknown
        ({"Action": "s3:Get*"}, {"Action": "s3:G?t*"}, True),
        ({"Action": "s3:Frob*"}, {"Action": "s3:F?ob*"}, False),
        # every allowed action must be covered
        ({"Action": ["s3:GetObject", "s3:PutObject"]}, {"Action": "s3:GetObject"}, False),
        ({"Action": ["s3:GetObject", "s3:PutObject"]}, {"Action": "s3:*"}, True),
        # NotAction grants every other action, unknown ones included: only "*" covers it
        ({"Action": None, "NotAction": "s3:DeleteBucket"}, {"Action": "s3:*"}, False),
        ({"Action": None, "NotAction": "s3:DeleteBucket"}, {"Action": "*"}, True),
    ],
)
def test_the_deny_must_cover_every_allowed_action(
    allowed: dict[str, Any], denied: dict[str, Any], covered: bool
) -> None:
    assert taken_back(allow(**allowed), deny(**denied)) is covered


@pytest.mark.parametrize(
    ("allowed", "denied", "covered"),
    [
        ({"Resource": f"{BUCKET}/key"}, {"Resource": f"{BUCKET}/*"}, True),
        ({"Resource": f"{BUCKET}/key"}, {"Resource": f"{BUCKET}/?ey"}, True),
        ({"Resource": f"{BUCKET}/key"}, {"Resource": f"{BUCKET}/other"}, False),
        # ARNs compare case-sensitively
        ({"Resource": f"{BUCKET}/key"}, {"Resource": "arn:aws:s3:::B-1/*"}, False),
        ({"Resource": f"{BUCKET}/*"}, {"Resource": f"{BUCKET}/*"}, True),
        ({"Resource": f"{BUCKET}/*"}, {"Resource": f"{BUCKET}*"}, True),
        ({"Resource": f"{BUCKET}/*"}, {"Resource": "arn:aws:s3:::B-1*"}, False),
        ({"Resource": f"{BUCKET}/*"}, {"Resource": f"{BUCKET}/public/*"}, False),
        ({"Resource": f"{BUCKET}/*"}, {"Resource": "*"}, True),
        # a prefix of another bucket's name: every character of it counts
        ({"Resource": f"{BUCKET}/*"}, {"Resource": "arn:aws:s3:::b-2*"}, False),
        # a policy variable may stand for anything
        ({"Resource": f"{BUCKET}/${{aws:username}}/*"}, {"Resource": f"{BUCKET}/*"}, True),
        ({"Resource": f"{BUCKET}/key"}, {"Resource": f"{BUCKET}/${{aws:username}}"}, False),
        # a policy variable in the Deny's Resource is not judged (fail closed), even the same
        (
            {"Resource": f"{BUCKET}/${{aws:username}}/*"},
            {"Resource": f"{BUCKET}/${{aws:username}}/*"},
            False,
        ),
        # every allowed resource must be covered
        ({"Resource": [f"{BUCKET}/a", "arn:aws:s3:::b-2/a"]}, {"Resource": f"{BUCKET}/*"}, False),
        # a Deny with NotResource never counts
        (
            {"Resource": f"{BUCKET}/key"},
            {"Resource": None, "NotResource": "arn:aws:s3:::x/*"},
            False,
        ),
        # an Allow with NotResource needs a Deny of every ARN
        ({"Resource": None, "NotResource": f"{BUCKET}/x"}, {"Resource": f"{BUCKET}/*"}, False),
        ({"Resource": None, "NotResource": f"{BUCKET}/x"}, {"Resource": "*"}, True),
    ],
)
def test_the_deny_must_cover_every_allowed_resource(
    allowed: dict[str, Any], denied: dict[str, Any], covered: bool
) -> None:
    assert taken_back(allow(**allowed), deny(**denied)) is covered


def test_a_deny_after_the_allow_or_after_a_narrowed_deny_is_found() -> None:
    # a policy usually states its Allow first
    granted = allow()
    policy = statements(
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{BUCKET}/*"},
        deny(Sid="FromVpc", Condition={**ORG, "Bool": {"aws:SecureTransport": "false"}}),
        deny(Sid="Wide"),
    )
    found = neutralising_deny(granted, policy)
    assert found is not None
    assert found.startswith(policy[2].describe())


def test_a_trust_policy_allow_needs_a_deny_without_resource() -> None:
    # trust policies have no Resource: a Deny without one covers it, one with a bucket does not
    trust = allow(Action="sts:AssumeRole", Resource=None)
    assert taken_back(trust, deny(Action="sts:AssumeRole", Resource=None))
    assert not taken_back(trust, deny(Action="sts:AssumeRole"))
