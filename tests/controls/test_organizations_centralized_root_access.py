"""organizations/centralized-root-access (CIS 2.1.1) against moto."""

from __future__ import annotations

from tests.conftest import Suite
from tests.controls.organizations_scenarios import (
    MANAGEMENT_ACCOUNT_ID,
    create_organization,
    make_member_account,
)

CONTROL = "organizations/test_centralized_root_access.py"
CASE = "test_centralized_root_access[prod]"


def enable_iam_trusted_access(suite: Suite) -> None:
    suite.client("organizations").enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")


def test_account_outside_any_organization_does_not_apply(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Applies"] == (
        "no: the account belongs to no organization"
    )


def test_both_features_with_iam_trusted_access_pass(suite: Suite) -> None:
    create_organization(suite)
    enable_iam_trusted_access(suite)
    iam = suite.client("iam")
    iam.enable_organizations_root_credentials_management()
    iam.enable_organizations_root_sessions()

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Centralized root access features"] == "RootCredentialsManagement, RootSessions"
    assert "iam.amazonaws.com" in decided["Services with trusted access"]


def test_missing_root_sessions_fails_naming_it(suite: Suite) -> None:
    org_id, _ = create_organization(suite)
    enable_iam_trusted_access(suite)
    suite.client("iam").enable_organizations_root_credentials_management()

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"organization {org_id}: RootSessions not enabled (enabled: RootCredentialsManagement)"
        in run.output
    )


def test_no_iam_trusted_access_fails_with_aws_reason(suite: Suite) -> None:
    org_id, _ = create_organization(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"organization {org_id}: trusted access for iam.amazonaws.com is not enabled" in (
        run.output
    )
    assert (
        "RootCredentialsManagement, RootSessions not enabled (iam:ListOrganizationsFeatures"
        " answered ServiceAccessNotEnabledException)" in run.output
    )


def test_consolidated_billing_organization_fails(suite: Suite) -> None:
    suite.client("organizations").create_organization(FeatureSet="CONSOLIDATED_BILLING")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "answered OrganizationNotInAllFeaturesModeException" in run.output


def test_member_account_cannot_assess_and_names_the_management_account(suite: Suite) -> None:
    make_member_account(suite)

    run = suite.run(control=CONTROL, accounts=("member",))

    run.result.assert_outcomes(errors=1)
    assert "not its management account" in run.output
    assert f"run this control against account {MANAGEMENT_ACCOUNT_ID}" in run.output


def test_member_account_allowed_to_list_still_cannot_read_the_features(suite: Suite) -> None:
    # Even with organizations permissions, IAM answers only the management account (or its
    # delegated administrator for root access).
    make_member_account(suite, allowed=("organizations:ListAWSServiceAccessForOrganization",))

    run = suite.run(control=CONTROL, accounts=("member",))

    run.result.assert_outcomes(errors=1)
    assert "iam:ListOrganizationsFeatures: AccountNotManagementOrDelegatedAdministrator" in (
        run.output
    )
    assert f"run this control against account {MANAGEMENT_ACCOUNT_ID}" in run.output


def test_denied_service_access_listing_is_an_error(suite: Suite) -> None:
    create_organization(suite)
    suite.deny("organizations:ListAWSServiceAccessForOrganization")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the organizations:ListAWSServiceAccessForOrganization permission" in run.output
    assert "run this control against" not in run.output  # this is the management account


def test_denied_features_listing_is_an_error(suite: Suite) -> None:
    create_organization(suite)
    enable_iam_trusted_access(suite)
    suite.deny("iam:ListOrganizationsFeatures")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:ListOrganizationsFeatures permission" in run.output
