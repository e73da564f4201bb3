"""organizations/delegated-service-administrators (CIS 2.1.6) against moto."""

from __future__ import annotations

from tests.conftest import Suite
from tests.controls.organizations_scenarios import (
    MANAGEMENT_ACCOUNT_ID,
    create_account,
    create_organization,
    make_member_account,
)

CONTROL = "organizations/test_delegated_service_administrators.py"
CASE = "test_delegated_service_administrators[prod]"


def trust(suite: Suite, *services: str) -> None:
    for service in services:
        suite.client("organizations").enable_aws_service_access(ServicePrincipal=service)


def delegate(suite: Suite, account_id: str, *services: str) -> None:
    for service in services:
        suite.client("organizations").register_delegated_administrator(
            AccountId=account_id, ServicePrincipal=service
        )


def test_account_outside_any_organization_does_not_apply(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Applies"] == (
        "no: the account belongs to no organization"
    )


def test_no_integrated_service_passes_with_that_evidence(suite: Suite) -> None:
    create_organization(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Trusted services and their delegated administrators"] == (
        "no service has trusted access"
    )
    assert decided["Checked (in the setting and with trusted access)"] == "none"


def test_delegated_security_services_pass(suite: Suite) -> None:
    create_organization(suite)
    security = create_account(suite, "security")
    trust(suite, "guardduty.amazonaws.com", "access-analyzer.amazonaws.com")
    delegate(suite, security, "guardduty.amazonaws.com", "access-analyzer.amazonaws.com")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Delegated administrators"] == (
        f"{security} security: access-analyzer.amazonaws.com, guardduty.amazonaws.com"
    )
    assert decided["Trusted services and their delegated administrators"] == (
        f"access-analyzer.amazonaws.com: {security}\nguardduty.amazonaws.com: {security}"
    )


def test_service_run_from_the_management_account_fails(suite: Suite) -> None:
    org_id, _ = create_organization(suite)
    security = create_account(suite, "security")
    trust(suite, "guardduty.amazonaws.com", "macie.amazonaws.com")
    delegate(suite, security, "guardduty.amazonaws.com")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert (
        f"organization {org_id}: macie.amazonaws.com has trusted access but no delegated"
        f" administrator; it is administered from the management account {MANAGEMENT_ACCOUNT_ID}"
        in run.output
    )


def test_service_outside_the_setting_is_not_checked(suite: Suite) -> None:
    create_organization(suite)
    trust(suite, "ssm.amazonaws.com")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"][
        "Trusted services and their delegated administrators"
    ] == ("ssm.amazonaws.com: none (run from the management account)")


def test_setting_names_the_services_to_check(suite: Suite) -> None:
    create_organization(suite)
    trust(suite, "ssm.amazonaws.com", "macie.amazonaws.com")
    suite.write_settings(delegated_admin_services=["ssm.amazonaws.com"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "ssm.amazonaws.com has trusted access but no delegated administrator" in run.output
    assert "macie.amazonaws.com has trusted access" not in run.output


def test_member_account_cannot_assess(suite: Suite) -> None:
    make_member_account(suite)

    run = suite.run(control=CONTROL, accounts=("member",))

    run.result.assert_outcomes(errors=1)
    assert f"run this control against account {MANAGEMENT_ACCOUNT_ID}" in run.output


def test_denied_delegated_services_listing_is_an_error(suite: Suite) -> None:
    create_organization(suite)
    security = create_account(suite, "security")
    delegate(suite, security, "guardduty.amazonaws.com")
    suite.deny("organizations:ListDelegatedServicesForAccount")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the organizations:ListDelegatedServicesForAccount permission" in run.output
