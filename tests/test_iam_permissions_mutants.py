"""IAM-edit analysis, pinned where mutation testing (``make mutation``) found the unit tests
blind: which IAM writes count as edits (from AWS's data), and IAM actions AWS's data does
not know, after a Deny, after other actions, or named by two statements."""

from __future__ import annotations

from typing import Any

from fixtures.analysis.iam_model import User
from fixtures.analysis.iam_permissions import (
    IAM_EDIT_ACTIONS,
    NOT_IAM_EDITS,
    PRINCIPAL_TAGGING_ACTIONS,
    Grant,
    _iam_edit_actions,
    as_stated,
    iam_edit_rights,
    kind,
    unknown_iam_actions,
)
from fixtures.analysis.policy_documents import Statement, parse_policy


def stmt(**fields: Any) -> Statement:
    """One statement from its JSON fields (Effect defaults to Allow)."""
    return parse_policy({"Statement": {"Effect": "Allow", **fields}}, "test")[0]


def test_iam_edit_actions_are_recomputed_the_same() -> None:
    # called here, not only at import, so that a change to it is seen by the tests
    assert _iam_edit_actions() == IAM_EDIT_ACTIONS


def test_iam_edit_actions_keep_principal_tags_and_drop_the_rest() -> None:
    edits = set(_iam_edit_actions())
    assert edits >= PRINCIPAL_TAGGING_ACTIONS
    assert edits >= {"iam:PutRolePolicy", "iam:AttachUserPolicy", "iam:UpdateAssumeRolePolicy"}
    assert not edits & NOT_IAM_EDITS
    assert not edits & {"iam:TagPolicy", "iam:UntagServerCertificate", "iam:TagMFADevice"}
    assert all(action.startswith("iam:") for action in edits)
    # reads are not edits
    assert not edits & {"iam:GetRole", "iam:ListUsers"}


def test_unknown_iam_action_after_a_deny_and_other_actions_is_found() -> None:
    deny = Grant("policy d", stmt(Effect="Deny", Action="s3:*", Resource="*"))
    allow = Grant("policy a", stmt(Action=["s3:GetObject", "iam:Frobnicate"], Resource="*"))
    assert unknown_iam_actions([deny, allow]) == {"iam:Frobnicate": (allow,)}


def test_unknown_iam_action_named_twice_keeps_both_grants() -> None:
    first = Grant("policy a", stmt(Action="iam:Frobnicate", Resource="*"))
    second = Grant("policy b", stmt(Action="iam:Frobnicate", Resource="*"))
    assert unknown_iam_actions([first, second]) == {"iam:Frobnicate": (first, second)}


def test_unknown_iam_action_is_an_edit_right_with_its_grants() -> None:
    grant = Grant("policy a", stmt(Action="iam:Frobnicate", Resource="*"))
    assert iam_edit_rights([grant]) == {"iam:Frobnicate (not in AWS's data)": (grant,)}


def test_unknown_iam_action_after_a_withdrawn_one_is_found() -> None:
    allow = Grant("policy a", stmt(Action=["iam:Frobnicate", "iam:Wibble"], Resource="*"))
    deny = Grant("policy d", stmt(Effect="Deny", Action="iam:Frobnicate", Resource="*"))
    assert unknown_iam_actions([allow, deny]) == {"iam:Wibble": (allow,)}


def test_as_stated_needs_every_action_and_every_resource() -> None:
    assert as_stated(stmt(Action="*", Resource="*"))
    assert not as_stated(stmt(Action="*", Resource="arn:aws:s3:::bucket"))
    assert not as_stated(stmt(Action="s3:*", Resource="*"))
    assert not as_stated(stmt(NotAction="iam:*", Resource="*"))


def test_kind_is_the_lower_case_principal_type() -> None:
    assert kind(User("u", "arn:u", "/", {}, ())) == "user"
