"""iam/user-tags (CloudSploit iam/iamUserHasTags) against moto."""

from __future__ import annotations

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_user_tags.py"
CASE = "test_user_tags[prod]"


def test_tagged_users_pass(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="alice", Tags=[{"Key": "owner", "Value": "platform"}])
    iam.create_user(UserName="bob")
    iam.tag_user(UserName="bob", Tags=[{"Key": "purpose", "Value": ""}])  # empty value counts

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert (decided["IAM users"], decided["Users without tags"]) == ("2", "0")


def test_no_users_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["IAM users"] == "0"


def test_untagged_users_fail_by_name(suite: Suite) -> None:
    iam = suite.client("iam")
    iam.create_user(UserName="alice", Tags=[{"Key": "owner", "Value": "platform"}])
    iam.create_user(UserName="bob")
    iam.create_user(UserName="carol", Tags=[{"Key": "owner", "Value": "x"}])
    iam.untag_user(UserName="carol", TagKeys=["owner"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/bob: no tags" in run.output
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/carol: no tags" in run.output
    assert "user/alice" not in run.output
    assert run.evidence()[CASE]["decided_by"]["Users without tags"] == "2"


def test_untagged_user_beyond_the_first_page_is_found(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(110):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}", Tags=[{"Key": "owner", "Value": "x"}])
    iam.untag_user(UserName="user-109", TagKeys=["owner"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/user-109: no tags" in run.output
    assert "1 violation(s)" in run.output


def test_denied_authorization_details_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output
