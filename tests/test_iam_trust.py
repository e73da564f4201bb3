"""Trust-policy helpers: which accounts a statement admits, and on which conditions."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.analysis.iam_trust import (
    assumable_by_people,
    aws_principals,
    lets_assume,
    outside_principals,
    principal_account,
    requires_external_id,
    requires_mfa,
    statement_label,
)
from fixtures.analysis.policy_documents import Statement, parse_policy

OWN = "123456789012"
OTHER = "210987654321"


def statement(**fields: Any) -> Statement:
    item = {"Effect": "Allow", "Action": "sts:AssumeRole", **fields}
    (parsed,) = parse_policy({"Version": "2012-10-17", "Statement": [item]}, "test")
    return parsed


@pytest.mark.parametrize(
    ("value", "account"),
    [
        (OTHER, OTHER),
        (f"arn:aws:iam::{OTHER}:root", OTHER),
        (f"arn:aws:iam::{OTHER}:user/ops/alice", OTHER),
        (f"arn:aws:iam::{OTHER}:role/deploy", OTHER),
        (f"arn:aws:sts::{OTHER}:assumed-role/deploy/session", OTHER),
        (f"arn:aws-us-gov:iam::{OTHER}:root", OTHER),
        (f"arn:aws-cn:iam::{OTHER}:root", OTHER),
        ("*", None),
        ("AROAEXAMPLEEXAMPLE123", None),
        ("12345678901", None),  # 11 digits
        (f"arn:aws:s3:::{OTHER}", None),
        (f"arn:aws:iam::{OTHER}", None),
    ],
)
def test_principal_account(value: str, account: str | None) -> None:
    assert principal_account(value) == account


def test_principal_as_string_names_one_aws_principal() -> None:
    (principal,) = aws_principals(statement(Principal={"AWS": OTHER}))

    assert (principal.value, principal.account_id) == (OTHER, OTHER)
    assert principal.outside(OWN)


def test_bare_string_principal_is_an_aws_principal() -> None:
    (principal,) = aws_principals(statement(Principal=f"arn:aws:iam::{OTHER}:root"))

    assert principal.account_id == OTHER


def test_principal_as_list_names_each() -> None:
    trusted = statement(Principal={"AWS": [f"arn:aws:iam::{OTHER}:root", OWN]})

    assert [p.account_id for p in aws_principals(trusted)] == [OTHER, OWN]
    assert [p.value for p in outside_principals(trusted, OWN)] == [f"arn:aws:iam::{OTHER}:root"]


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}, {"AWS": ["*"]}])
def test_star_principal_is_anyone_and_outside(principal: Any) -> None:
    (found,) = aws_principals(statement(Principal=principal))

    assert found.anyone
    assert found.account_id is None
    assert found.outside(OWN)


def test_own_account_is_not_outside() -> None:
    trusted = statement(Principal={"AWS": f"arn:aws:iam::{OWN}:root"})

    assert outside_principals(trusted, OWN) == ()


def test_deleted_principal_admits_nobody() -> None:
    (found,) = aws_principals(statement(Principal={"AWS": "AROAEXAMPLEEXAMPLE123"}))

    assert found.deleted
    assert not found.outside(OWN)


def test_unreadable_principal_counts_as_outside() -> None:
    (found,) = aws_principals(statement(Principal={"AWS": "arn:aws:iam::*:root"}))

    assert found.account_id is None
    assert found.outside(OWN)


def test_service_principals_are_no_aws_principals() -> None:
    trusted = statement(Principal={"Service": "ec2.amazonaws.com"})

    assert aws_principals(trusted) == ()
    assert outside_principals(trusted, OWN) == ()


@pytest.mark.parametrize(
    ("action", "effect", "assumes"),
    [
        ("sts:AssumeRole", "Allow", True),
        (["sts:TagSession", "sts:AssumeRole"], "Allow", True),
        ("sts:*", "Allow", True),
        ("*", "Allow", True),
        ("sts:AssumeRoleWithSAML", "Allow", False),
        ("sts:AssumeRole", "Deny", False),
    ],
)
def test_lets_assume(action: Any, effect: str, assumes: bool) -> None:
    trusted = statement(Principal={"AWS": OTHER}, Action=action, Effect=effect)

    assert lets_assume(trusted) is assumes
    assert bool(outside_principals(trusted, OWN)) is assumes


@pytest.mark.parametrize(
    ("condition", "mfa"),
    [
        ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, True),
        ({"Bool": {"aws:MultiFactorAuthPresent": True}}, True),
        ({"Bool": {"aws:multifactorauthpresent": ["true"]}}, True),
        ({"Bool": {"aws:MultiFactorAuthPresent": ["true", "false"]}}, False),
        ({"Bool": {"aws:MultiFactorAuthPresent": "false"}}, False),
        ({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}, False),
        ({"Null": {"aws:MultiFactorAuthAge": "false"}}, True),
        ({"Null": {"aws:MultiFactorAuthAge": "true"}}, False),
        ({"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}, True),
        ({"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}, False),
        ({"StringEquals": {"sts:ExternalId": "x"}}, False),
        ({}, False),
    ],
)
def test_requires_mfa(condition: dict[str, Any], mfa: bool) -> None:
    assert requires_mfa(statement(Principal={"AWS": OTHER}, Condition=condition)) is mfa


@pytest.mark.parametrize(
    ("condition", "external_id"),
    [
        ({"StringEquals": {"sts:ExternalId": "4f1c-partner"}}, True),
        ({"StringEquals": {"sts:externalid": ["a", "b"]}}, True),
        ({"StringEqualsIgnoreCase": {"sts:ExternalId": "abc"}}, True),
        ({"StringLike": {"sts:ExternalId": "partner-*"}}, True),
        ({"StringLike": {"sts:ExternalId": "*"}}, False),
        ({"StringEquals": {"sts:ExternalId": ""}}, False),
        ({"StringEquals": {"sts:ExternalId": ["abc", ""]}}, False),
        ({"StringEqualsIfExists": {"sts:ExternalId": "abc"}}, False),
        ({"ForAnyValue:StringEquals": {"sts:ExternalId": "abc"}}, False),
        ({"StringNotEquals": {"sts:ExternalId": "abc"}}, False),
        ({"Bool": {"aws:MultiFactorAuthPresent": "true"}}, False),
    ],
)
def test_requires_external_id(condition: dict[str, Any], external_id: bool) -> None:
    trusted = statement(Principal={"AWS": OTHER}, Condition=condition)

    assert requires_external_id(trusted) is external_id


@pytest.mark.parametrize(
    ("principal", "action", "people"),
    [
        ({"AWS": f"arn:aws:iam::{OWN}:root"}, "sts:AssumeRole", True),
        ({"AWS": "AROAEXAMPLEEXAMPLE123"}, "sts:AssumeRole", False),
        ({"Service": "lambda.amazonaws.com"}, "sts:AssumeRole", False),
        (
            {"Federated": f"arn:aws:iam::{OWN}:saml-provider/idp"},
            "sts:AssumeRoleWithSAML",
            True,
        ),
        ({"Federated": "cognito-identity.amazonaws.com"}, "sts:AssumeRoleWithWebIdentity", True),
    ],
)
def test_assumable_by_people(principal: dict[str, str], action: str, people: bool) -> None:
    assert assumable_by_people([statement(Principal=principal, Action=action)]) is people


def test_statement_label_names_position_and_sid() -> None:
    assert statement_label(statement(Principal="*"), 2) == "statement 2"
    assert statement_label(statement(Principal="*", Sid="Partner"), 1) == (
        "statement 1 (Sid 'Partner')"
    )
