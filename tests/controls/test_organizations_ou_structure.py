"""organizations/ou-structure (CIS 2.1.4): the OU tree as evidence, then attestation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.organizations_scenarios import (
    MANAGEMENT_ACCOUNT_ID,
    create_account,
    create_organization,
    make_member_account,
)

CONTROL = "organizations/test_ou_structure.py"
CASE = "test_ou_structure[prod]"
ID = "organizations/ou-structure"


def create_ou(suite: Suite, parent_id: str, name: str) -> str:
    ou_id: str = suite.client("organizations").create_organizational_unit(
        ParentId=parent_id, Name=name
    )["OrganizationalUnit"]["Id"]
    return ou_id


def test_account_outside_any_organization_does_not_apply(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Applies"] == (
        "no: the account belongs to no organization"
    )


def test_organization_without_units_fails(suite: Suite) -> None:
    org_id, _ = create_organization(suite)
    create_account(suite, "workload")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"organization {org_id}: has no organizational units; all 2 account(s) sit directly"
        " under the root" in run.output
    )


def test_tree_is_evidence_and_awaits_attestation(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    workloads = create_ou(suite, root_id, "Workloads")
    prod = create_ou(suite, workloads, "Prod")
    api = create_account(suite, "api-prod", parent_id=prod)
    stray = create_account(suite, "stray")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    record = run.evidence()[CASE]
    assert record["verdict"] == "awaiting attestation"
    tree = record["decided_by"]["OU tree"].splitlines()
    assert tree[0].startswith(f"Root ({root_id}): 2 account(s): ")
    assert f"{MANAGEMENT_ACCOUNT_ID} master" in tree[0]
    assert tree[1] == f"Root/Workloads ({workloads}): 0 account(s): none"
    assert tree[2] == f"Root/Workloads/Prod ({prod}): 1 account(s): {api} api-prod"
    assert record["decided_by"]["Member accounts directly under a root"] == f"{stray} stray"


def test_attestation_passes(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    create_ou(suite, root_id, "Security")
    today = datetime.now(UTC).date()
    suite.write_attestations(
        {
            "control": ID,
            "account": ACCOUNT_ID,
            "by": "Jane Doe",
            "date": (today - timedelta(days=1)).isoformat(),
            "expires": (today + timedelta(days=90)).isoformat(),
            "statement": "Units follow environment and data classification.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Attestation"].endswith(
        "Units follow environment and data classification."
    )


def test_every_unit_beyond_the_first_page_is_listed(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    for number in range(21):  # moto lists 20 units a page
        create_ou(suite, root_id, f"unit-{number:02d}")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Organization structure"] == "1 root(s), 21 OU(s), 1 account(s)"
    assert "Root/unit-20 (" in decided["OU tree"]


def test_member_account_cannot_assess(suite: Suite) -> None:
    make_member_account(suite)

    run = suite.run(control=CONTROL, accounts=("member",))

    run.result.assert_outcomes(errors=1)
    assert f"run this control against account {MANAGEMENT_ACCOUNT_ID}" in run.output


def test_denied_unit_listing_is_an_error(suite: Suite) -> None:
    create_organization(suite)
    suite.deny("organizations:ListOrganizationalUnitsForParent")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the organizations:ListOrganizationalUnitsForParent permission" in run.output
