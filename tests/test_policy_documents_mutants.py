"""Policy-document reading, pinned where mutation testing (``make mutation``) found the unit
tests blind: the message a statement renders to, URL-encoded documents, the error each
malformed document raises, and principals that name no AWS account."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.analysis.policy_documents import (
    SHOWN,
    Statement,
    is_public_principal,
    parse_policy,
    sample,
)
from fixtures.results.errors import MalformedPolicy


def stmt(**fields: Any) -> Statement:
    """One statement from its JSON fields (Effect defaults to Allow)."""
    return parse_policy({"Statement": {"Effect": "Allow", **fields}}, "test")[0]


def test_sample_of_exactly_shown_items_lists_them_all() -> None:
    items = [f"a{i}" for i in range(SHOWN)]
    assert sample(items) == str(items)
    assert sample([*items, "b"]) == f"{items} and 1 more ({SHOWN + 1} in all)"


def test_describe_names_sid_effect_actions_resources_and_conditions() -> None:
    statement = stmt(
        Sid="Ops", Action="s3:GetObject", Resource="arn:aws:s3:::b/*", Condition={"Bool": {}}
    )
    assert statement.describe() == (
        "Sid 'Ops': Allow Action ['s3:GetObject'] on Resource ['arn:aws:s3:::b/*']"
        " (with conditions)"
    )


def test_describe_without_sid_or_conditions_adds_nothing() -> None:
    assert stmt(Action="*", Resource="*").describe() == "Allow Action ['*'] on Resource ['*']"


def test_describe_renders_not_action_and_not_resource() -> None:
    statement = stmt(NotAction=["iam:*", "sts:*"], NotResource="arn:aws:s3:::secret")
    assert statement.describe() == (
        "Allow NotAction ['iam:*', 'sts:*'] on NotResource ['arn:aws:s3:::secret']"
    )


def test_describe_of_a_statement_without_any_resource_says_so() -> None:
    assert (
        stmt(Action="sts:AssumeRole").describe() == "Allow Action ['sts:AssumeRole'] on Resource []"
    )


def test_url_encoded_document_with_leading_whitespace_is_decoded() -> None:
    document = "  %7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%7D%7D"
    (statement,) = parse_policy(document, "test")
    assert statement.actions == ("*",)


def test_plain_json_is_not_url_decoded() -> None:
    # a resource that itself holds a percent escape stays as written
    document = (
        '{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::a%2Fb"}}'
    )
    (statement,) = parse_policy(document, "test")
    assert statement.resources == ("arn:aws:s3:::a%2Fb",)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"Version": "2012-10-17"}, "where: policy document has no Statement"),
        ({"Statement": "Allow"}, "where: Statement is neither an object nor a list"),
        ({"Statement": ["Allow"]}, "where: a statement is not a JSON object"),
    ],
)
def test_malformed_document_message(document: dict[str, Any], message: str) -> None:
    with pytest.raises(MalformedPolicy) as raised:
        parse_policy(document, "where")
    assert str(raised.value) == message


def test_star_principal_is_read_as_anyone() -> None:
    assert stmt(Principal="*").principals == {"*": ("*",)}
    assert stmt(Principal={"AWS": "*"}).principals == {"AWS": ("*",)}


def test_service_principal_is_not_public() -> None:
    assert not is_public_principal(stmt(Principal={"Service": "ec2.amazonaws.com"}))
    assert is_public_principal(stmt(Principal="*"))
    assert is_public_principal(stmt(Principal={"AWS": ["111122223333", "*"]}))
