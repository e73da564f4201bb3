"""organizations/delegated-policy-management (CIS 2.1.5) against moto."""

from __future__ import annotations

import json
from typing import Any

from fixtures.demo.moto.organizations import set_organizations_resource_policy
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.organizations_scenarios import (
    MANAGEMENT_ACCOUNT_ID,
    create_account,
    create_organization,
    make_member_account,
)

CONTROL = "organizations/test_delegated_policy_management.py"
CASE = "test_delegated_policy_management[prod]"


def delegation(principal: str, actions: list[str]) -> str:
    document: dict[str, Any] = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Delegate",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{principal}:root"},
                "Action": actions,
                "Resource": "*",
            }
        ],
    }
    return json.dumps(document)


def test_account_outside_any_organization_does_not_apply(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Applies"] == (
        "no: the account belongs to no organization"
    )


def test_policy_writing_delegated_to_a_member_passes(suite: Suite) -> None:
    create_organization(suite)
    governance = create_account(suite, "governance")
    suite.client("organizations").put_resource_policy(
        Content=delegation(
            governance,
            ["organizations:Describe*", "organizations:List*", "organizations:*Policy"],
        )
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Policy management delegated to"] == (
        f"arn:aws:iam::{governance}:root: CreatePolicy, UpdatePolicy, DeletePolicy,"
        " AttachPolicy, DetachPolicy"
    )


def test_no_delegation_policy_fails(suite: Suite) -> None:
    org_id, _ = create_organization(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"organization {org_id}: has no delegation policy" in run.output
    assert "ResourcePolicyNotFoundException" in run.output


def test_read_only_delegation_fails(suite: Suite) -> None:
    org_id, _ = create_organization(suite)
    auditor = create_account(suite, "auditor")
    set_organizations_resource_policy(
        ACCOUNT_ID,
        delegation(auditor, ["organizations:DescribePolicy", "organizations:ListPolicies"]),
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"resourcepolicy/{org_id}/rp-extension1: no Allow statement grants any principal" in (
        run.output
    )
    assert run.evidence()[CASE]["decided_by"]["Policy management delegated to"] == "nobody"


def test_malformed_delegation_policy_is_an_error(suite: Suite) -> None:
    create_organization(suite)
    set_organizations_resource_policy(ACCOUNT_ID, "not json")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "policy document is not JSON" in run.output


def test_member_account_cannot_assess(suite: Suite) -> None:
    make_member_account(suite)

    run = suite.run(control=CONTROL, accounts=("member",))

    run.result.assert_outcomes(errors=1)
    assert "organizations:DescribeResourcePolicy was denied" in run.output
    assert f"run this control against account {MANAGEMENT_ACCOUNT_ID}" in run.output


def test_denied_policy_read_is_an_error(suite: Suite) -> None:
    create_organization(suite)
    suite.deny("organizations:DescribeResourcePolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the organizations:DescribeResourcePolicy permission" in run.output
