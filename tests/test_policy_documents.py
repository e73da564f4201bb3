"""Unit tests of fixtures/analysis/policy_documents.py: every form IAM accepts, read alike."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from fixtures.analysis.policy_documents import allowing, is_public_principal, parse_policy
from fixtures.results.errors import MalformedPolicy


def document(**statement: object) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": {"Effect": "Allow", **statement}})


@pytest.mark.parametrize("action", ["*", ["*"], "*:*", ["s3:GetObject", "*"]])
def test_all_actions_in_string_and_list_forms(action: object) -> None:
    (statement,) = parse_policy(document(Action=action, Resource="*"), "test")

    assert statement.all_actions
    assert statement.all_resources
    assert allowing([statement], "iam:CreateUser") == [statement]


@pytest.mark.parametrize(
    ("pattern", "action", "covered"),
    [
        ("iam:*", "iam:CreateUser", True),
        ("IAM:create*", "iam:CreateUser", True),  # case-insensitive
        ("iam:Get?ser", "iam:GetUser", True),
        ("iam:Get?ser", "iam:GetUsers", False),
        ("s3:Get*", "s3:PutObject", False),
        ("s3:GetObject", "s3:GetObjectAcl", False),  # no implicit wildcard
        ("s3.Get*", "s3xGetObject", False),  # a dot is a dot
    ],
)
def test_action_wildcards(pattern: str, action: str, covered: bool) -> None:
    (statement,) = parse_policy(document(Action=pattern, Resource="*"), "test")

    assert statement.covers_action(action) is covered


# One statement's patterns of every kind: a literal service (tried only for that service's
# actions), a wildcard service, no colon at all, and a service that prefixes another's name.
MIXED = ["s3:Get*", "IAM:PassRole", "*:List*", "ec?:Describe*", "sts", "kms:*", "kmsx:Sign"]


@pytest.mark.parametrize(
    ("action", "covered"),
    [
        ("s3:GetObject", True),
        ("s3:PutObject", False),
        ("iam:passrole", True),
        ("iam:PassRoles", False),
        ("iam:ListUsers", True),  # *:List*, whatever the service
        ("s3:ListBucket", True),
        ("ec2:DescribeInstances", True),  # ec?:, not a literal service
        ("ecr:DescribeImages", True),
        ("ec2:RunInstances", False),
        ("sts", True),  # a pattern without a colon matches that text whole
        ("sts:AssumeRole", False),
        ("kms:Decrypt", True),
        ("kmsx:Sign", True),
        ("kmsx:Decrypt", False),  # kms:* is not kms*
        ("lambda:InvokeFunction", False),  # a service no pattern names
        ("s3", False),
    ],
)
def test_action_patterns_of_many_services(action: str, covered: bool) -> None:
    allow, deny_all_but = parse_policy(
        json.dumps(
            {
                "Statement": [
                    {"Effect": "Allow", "Action": MIXED, "Resource": "*"},
                    {"Effect": "Deny", "NotAction": MIXED, "Resource": "*"},
                ]
            }
        ),
        "test",
    )

    assert allow.covers_action(action) is covered
    assert deny_all_but.covers_action(action) is not covered


def test_not_action_covers_everything_else() -> None:
    (statement,) = parse_policy(document(NotAction=["iam:*"], Resource="*"), "test")

    assert statement.covers_action("s3:GetObject")
    assert not statement.covers_action("iam:CreateUser")
    assert not statement.all_actions


def test_deny_statements_grant_nothing() -> None:
    statements = parse_policy(
        json.dumps({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}), "test"
    )

    assert allowing(statements, "iam:CreateUser") == []


def test_url_encoded_document_as_iam_returns_it() -> None:
    text = quote(document(Action="*", Resource="*"))

    (statement,) = parse_policy(text, "test")

    assert statement.all_actions


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}, {"AWS": ["arn:aws:iam::1:root", "*"]}])
def test_public_principals(principal: object) -> None:
    (statement,) = parse_policy(document(Principal=principal, Action="s3:GetObject"), "test")

    assert is_public_principal(statement)


def test_named_principal_is_not_public() -> None:
    (statement,) = parse_policy(
        document(Principal={"AWS": "arn:aws:iam::123456789012:root"}, Action="s3:GetObject"), "test"
    )

    assert not is_public_principal(statement)


@pytest.mark.parametrize(
    "text",
    ["not json", "[1, 2]", json.dumps({"Statement": [{"Effect": "Maybe", "Action": "*"}]})],
)
def test_unreadable_documents_cannot_be_assessed(text: str) -> None:
    with pytest.raises(MalformedPolicy, match="policy in test"):
        parse_policy(text, "policy in test")


def test_not_principal_is_kept_and_absent_is_none() -> None:
    (with_not,) = parse_policy(
        document(NotPrincipal={"AWS": "arn:aws:iam::123456789012:root"}, Action="s3:*"), "test"
    )
    (without,) = parse_policy(document(Principal="*", Action="s3:*"), "test")

    assert with_not.not_principals == {"AWS": ("arn:aws:iam::123456789012:root",)}
    assert with_not.principals == {}
    assert without.not_principals is None


@pytest.mark.parametrize(
    ("resource", "every"),
    [
        ("*", True),
        ("arn:*", True),
        ("arn:aws:*", True),
        ("arn:aws:*:*:*:*", True),
        ("arn:aws-us-gov:*", True),
        ("arn:aws:s3:::*", False),
        ("arn:aws:iam::*:role/*", False),
    ],
)
def test_all_resources_is_judged_by_what_the_pattern_matches(resource: str, every: bool) -> None:
    statement = parse_policy(
        {"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": resource}}, "t"
    )[0]
    assert statement.all_resources is every


def test_describe_shows_a_bounded_sample_of_a_long_action_list() -> None:
    actions = [f"s3:Get{n}" for n in range(1600)]
    statement = parse_policy(
        {"Statement": {"Effect": "Allow", "Action": actions, "Resource": "*"}}, "t"
    )[0]
    text = statement.describe()
    assert len(text) < 400
    assert "and 1590 more (1600 in all)" in text
    assert "s3:Get10'" not in text
