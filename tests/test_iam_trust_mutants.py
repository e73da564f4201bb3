"""Trust-policy reading, pinned where mutation testing (``make mutation``) found the unit
tests blind: statements after a Deny or an unrelated condition, AWS-service principals with
broad STS actions, ``NumericLessThanEquals`` MFA ages and wildcard-looking external ids."""

from __future__ import annotations

from typing import Any

from fixtures.analysis.iam_trust import (
    _conditions,
    account_ids,
    assumable_by_people,
    requires_external_id,
    requires_mfa,
)
from fixtures.analysis.policy_documents import Statement, parse_policy

OTHER = "210987654321"


def statements(*items: dict[str, Any]) -> tuple[Statement, ...]:
    return parse_policy({"Version": "2012-10-17", "Statement": list(items)}, "test")


def allow(**fields: Any) -> Statement:
    (parsed,) = statements({"Effect": "Allow", "Action": "sts:AssumeRole", **fields})
    return parsed


def test_people_after_a_deny_statement_are_still_found() -> None:
    policy = statements(
        {"Effect": "Deny", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole"},
        {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole"},
    )
    assert assumable_by_people(policy)


def test_a_service_principal_with_every_sts_action_is_not_people() -> None:
    policy = statements(
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:*"}
    )
    assert not assumable_by_people(policy)


def test_mfa_age_at_most_is_mfa() -> None:
    condition = {"NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}
    assert requires_mfa(allow(Condition=condition))


def test_a_condition_on_another_key_is_no_external_id() -> None:
    assert not requires_external_id(allow(Condition={"StringEquals": {"aws:SourceAccount": OTHER}}))


def test_external_id_after_another_key_counts() -> None:
    condition = {"StringEquals": {"aws:SourceAccount": OTHER, "sts:ExternalId": "abc"}}
    assert requires_external_id(allow(Condition=condition))


def test_external_id_after_a_malformed_block_counts() -> None:
    condition = {"Bool": "true", "StringEquals": {"sts:ExternalId": "abc"}}
    assert requires_external_id(allow(Condition=condition))


def test_string_like_external_id_of_letters_only_counts() -> None:
    assert requires_external_id(allow(Condition={"StringLike": {"sts:ExternalId": "XX"}}))
    assert not requires_external_id(allow(Condition={"StringLike": {"sts:ExternalId": "*?"}}))


def test_conditions_render_json_booleans_as_json_does_and_keep_strings() -> None:
    rows = list(_conditions({"Bool": {"aws:MultiFactorAuthPresent": [True, "Abc"]}}))
    assert rows == [("Bool", "aws:multifactorauthpresent", ["true", "Abc"])]


def test_account_ids_setting_check() -> None:
    assert account_ids((OTHER, f"arn:aws:iam::{OTHER}:root")) is None
    assert account_ids(OTHER) is None
    assert account_ids((OTHER, "alice")) == (
        "'alice' is neither a 12-digit account id nor an arn:aws:iam::ID:root ARN"
    )
