"""iam/centralized-user-management (CIS 2.19): identity sources and IAM users as evidence,
then attestation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.organizations_scenarios import MANAGEMENT_ACCOUNT_ID, make_member_account

CONTROL = "iam/test_centralized_user_management.py"
CASE = "test_centralized_user_management[prod]"
ID = "iam/centralized-user-management"
SAML_METADATA = "<EntityDescriptor>" + "x" * 1000 + "</EntityDescriptor>"


def add_users(suite: Suite) -> None:
    iam = suite.client("iam")
    for name in ("alice", "deploy-bot"):
        iam.create_user(UserName=name)
    iam.create_login_profile(UserName="alice", Password="Example-Passw0rd!")


def test_no_iam_users_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["IAM users"] == "0"
    assert decided["SAML providers"] == "none"


def test_iam_users_await_attestation_with_the_evidence(suite: Suite) -> None:
    add_users(suite)
    iam = suite.client("iam")
    saml = iam.create_saml_provider(Name="corp-idp", SAMLMetadataDocument=SAML_METADATA)
    oidc = iam.create_open_id_connect_provider(
        Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"]
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    record = run.evidence()[CASE]
    assert record["verdict"] == "awaiting attestation"
    decided = record["decided_by"]
    assert decided["IAM users with a console password"] == "alice"
    assert decided["IAM users without a console password"] == "deploy-bot"
    assert decided["SAML providers"] == saml["SAMLProviderArn"]
    assert decided["OIDC providers"] == oidc["OpenIDConnectProviderArn"]
    assert "arn:aws:sso:::instance/ssoins-" in decided["IAM Identity Center instances"]


def test_identity_center_is_searched_in_every_region(suite: Suite) -> None:
    add_users(suite)
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    instances = run.evidence()[CASE]["decided_by"]["IAM Identity Center instances"]
    assert "(us-east-1, owned by" in instances
    assert "(eu-west-1, owned by" in instances


def test_attestation_passes(suite: Suite) -> None:
    add_users(suite)
    today = datetime.now(UTC).date()
    suite.write_attestations(
        {
            "control": ID,
            "account": ACCOUNT_ID,
            "by": "Jane Doe",
            "date": today.isoformat(),
            "expires": (today + timedelta(days=90)).isoformat(),
            "statement": "alice is the break-glass user; deploy-bot awaits migration.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_member_account_notes_where_identity_center_lives(suite: Suite) -> None:
    make_member_account(suite)

    run = suite.run(control=CONTROL, accounts=("member",))

    run.result.assert_outcomes(passed=1)  # moto's new member account has no IAM users
    note = run.evidence()["test_centralized_user_management[member]"]["decided_by"]["Note"]
    assert f"check it in the management account {MANAGEMENT_ACCOUNT_ID}" in note


def test_denied_saml_listing_is_an_error(suite: Suite) -> None:
    suite.deny("iam:ListSAMLProviders")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:ListSAMLProviders permission" in run.output


def test_denied_identity_center_listing_is_an_error(suite: Suite) -> None:
    suite.deny("sso:ListInstances")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "ListInstances was denied" in run.output
