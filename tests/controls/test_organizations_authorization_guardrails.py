"""organizations/authorization-guardrails (CIS 2.1.2) against moto."""

from __future__ import annotations

import json

import pytest

from fixtures.aws.organizations import Organization, fetch_roots
from fixtures.results.errors import MissingField
from tests.conftest import Suite
from tests.controls.canned_aws import CannedAws
from tests.controls.organizations_scenarios import (
    MANAGEMENT_ACCOUNT_ID,
    create_account,
    create_organization,
    make_member_account,
)
from tests.controls.policy_scenarios import document

CONTROL = "organizations/test_authorization_guardrails.py"
CASE = "test_authorization_guardrails[prod]"
SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"
DENY_LEAVING = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}
        ],
    }
)
DENY_PUBLIC_S3 = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }
)


def create_policy(
    suite: Suite,
    name: str,
    kind: str = SCP,
    target: str | None = None,
    content: str | None = None,
) -> str:
    """A customer-managed policy (attached to ``target`` when given); its id."""
    organizations = suite.client("organizations")
    if content is None:
        content = DENY_LEAVING if kind == SCP else DENY_PUBLIC_S3
    policy_id: str = organizations.create_policy(
        Name=name, Description=name, Type=kind, Content=content
    )["Policy"]["PolicySummary"]["Id"]
    if target is not None:
        organizations.attach_policy(PolicyId=policy_id, TargetId=target)
    return policy_id


ALLOW_EVERYTHING = document({"Effect": "Allow", "Action": "*", "Resource": "*"})
ALLOW_LIST = document(
    {"Effect": "Allow", "Action": ["ec2:*", "s3:*", "cloudwatch:*"], "Resource": "*"}
)
FULL_AWS_ACCESS = "p-FullAWSAccess"


def enable(suite: Suite, root_id: str, kind: str = SCP) -> None:
    suite.client("organizations").enable_policy_type(RootId=root_id, PolicyType=kind)


def account_arn(suite: Suite, account_id: str) -> str:
    arn: str = suite.client("organizations").describe_account(AccountId=account_id)["Account"][
        "Arn"
    ]
    return arn


def test_account_outside_any_organization_does_not_apply(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Applies"] == (
        "no: the account belongs to no organization"
    )


def test_scp_on_the_root_covers_every_member(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    create_policy(suite, "deny-leaving", target=root_id)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Guardrails attached"] == f"{root_id}: SCP deny-leaving"
    assert decided["Member accounts"] == "1"
    assert decided["Member accounts without a guardrail"] == "0"


def test_policy_types_disabled_fail(suite: Suite) -> None:
    _, root_id = create_organization(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"/{root_id}: neither service control policies nor resource control policies" in (
        run.output
    )


def test_only_full_aws_access_fails_for_every_member(suite: Suite) -> None:
    org_id, root_id = create_organization(suite)
    enable(suite, root_id)
    member = create_account(suite, "workload")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"organization {org_id}: no customer-managed SCP that restricts anything is attached"
        " to the root or to any organizational unit" in run.output
    )
    assert (
        f"{account_arn(suite, member)} (workload): no customer-managed SCP that restricts"
        " anything is attached" in run.output
    )
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["SERVICE_CONTROL_POLICY policies"] == (
        "0 customer-managed, AWS-managed: FullAWSAccess"
    )


def test_account_outside_the_guarded_ou_fails_alone(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    prod = suite.client("organizations").create_organizational_unit(ParentId=root_id, Name="Prod")[
        "OrganizationalUnit"
    ]["Id"]
    guarded = create_account(suite, "guarded", parent_id=prod)
    loose = create_account(suite, "loose")
    create_policy(suite, "deny-leaving", target=prod)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert f"{account_arn(suite, loose)} (loose): no customer-managed SCP that restricts" in (
        run.output
    )
    assert account_arn(suite, guarded) not in run.output


def test_resource_control_policies_alone_count(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id, RCP)
    create_account(suite, "workload")
    create_policy(suite, "https-only", RCP, target=root_id)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Guardrails attached"] == (
        f"{root_id}: RCP https-only"
    )


def test_policy_of_a_disabled_type_does_not_count(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id, RCP)
    create_account(suite, "workload")
    create_policy(suite, "deny-leaving", SCP, target=root_id)  # SCPs are not enabled

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "no customer-managed RCP that restricts anything is attached to the root" in (run.output)


def test_policy_on_the_account_itself_covers_it_but_not_new_accounts(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    member = create_account(suite, "workload")
    create_policy(suite, "deny-leaving", target=member)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert (
        "no customer-managed SCP that restricts anything is attached to the root or to any"
        " organizational unit" in run.output
    )


def test_management_account_alone_needs_only_the_root_policy(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_policy(suite, "deny-leaving", target=root_id)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Member accounts"] == "0"


def test_guardrail_on_the_second_page_of_policies_counts(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    for number in range(20):  # moto lists 20 policies a page; FullAWSAccess is one more
        create_policy(suite, f"unattached-{number:02d}")
    create_policy(suite, "deny-leaving", target=root_id)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["SERVICE_CONTROL_POLICY policies"] == (
        "21 customer-managed, AWS-managed: FullAWSAccess"
    )


def test_customer_copy_of_full_access_does_not_count(suite: Suite) -> None:
    org_id, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    create_policy(suite, "copy-of-full-access", target=root_id, content=ALLOW_EVERYTHING)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"organization {org_id}: no customer-managed SCP that restricts anything" in (run.output)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Guardrails attached"] == "none that restricts anything"
    assert decided["Attached policies that restrict nothing"] == (
        f"SCP copy-of-full-access on {root_id}: it allows every action on every resource and"
        " denies nothing"
    )


def test_conditional_deny_counts(suite: Suite) -> None:
    # A Region restriction: a Deny with a condition is the usual guardrail.
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    regions = document(
        {
            "Effect": "Deny",
            "NotAction": ["iam:*", "organizations:*", "sts:*"],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}},
        }
    )
    create_policy(suite, "approved-regions", target=root_id, content=regions)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Guardrails attached"] == (
        f"{root_id}: SCP approved-regions"
    )


def test_allow_and_deny_in_one_policy_counts(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    both = document(
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
    )
    create_policy(suite, "allow-all-but-leaving", target=root_id, content=both)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    "statement",
    [
        {"Effect": "Deny", "NotAction": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*", "NotResource": "*"},
    ],
    ids=["not-action-everything", "not-resource-everything"],
)
def test_deny_that_exempts_everything_does_not_count(
    suite: Suite, statement: dict[str, object]
) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    create_policy(suite, "denies-nothing", target=root_id, content=document(statement))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert run.evidence()[CASE]["decided_by"]["Attached policies that restrict nothing"] == (
        f"SCP denies-nothing on {root_id}: it has no Deny statement that withdraws anything"
    )


def test_allow_list_in_place_of_full_access_counts(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    create_policy(suite, "approved-services", target=root_id, content=ALLOW_LIST)
    suite.client("organizations").detach_policy(PolicyId=FULL_AWS_ACCESS, TargetId=root_id)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Guardrails attached"] == (
        f"{root_id}: SCP approved-services (allow-list; FullAWSAccess is not attached here)"
    )


def test_allow_list_next_to_full_access_does_not_count(suite: Suite) -> None:
    org_id, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    create_policy(suite, "approved-services", target=root_id, content=ALLOW_LIST)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"organization {org_id}: no customer-managed SCP that restricts anything" in (run.output)
    assert run.evidence()[CASE]["decided_by"]["Attached policies that restrict nothing"] == (
        f"SCP approved-services on {root_id}: an allow-list, but FullAWSAccess is attached to"
        " the same target"
    )


def test_allow_list_next_to_a_copy_of_full_access_does_not_count(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    create_policy(suite, "approved-services", target=root_id, content=ALLOW_LIST)
    create_policy(suite, "copy-of-full-access", target=root_id, content=ALLOW_EVERYTHING)
    suite.client("organizations").detach_policy(PolicyId=FULL_AWS_ACCESS, TargetId=root_id)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"SCP approved-services on {root_id}: an allow-list, but another policy attached to"
        " the same target allows everything"
    ) in run.evidence()[CASE]["decided_by"]["Attached policies that restrict nothing"]


def test_allow_list_on_an_ou_covers_only_its_accounts(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    organizations = suite.client("organizations")
    prod = organizations.create_organizational_unit(ParentId=root_id, Name="Prod")[
        "OrganizationalUnit"
    ]["Id"]
    guarded = create_account(suite, "guarded", parent_id=prod)
    loose = create_account(suite, "loose")
    create_policy(suite, "approved-services", target=prod, content=ALLOW_LIST)
    for target in (prod, guarded):  # FullAWSAccess, where moto attached it
        attached = organizations.list_policies_for_target(TargetId=target, Filter=SCP)["Policies"]
        if any(p["Id"] == FULL_AWS_ACCESS for p in attached):
            organizations.detach_policy(PolicyId=FULL_AWS_ACCESS, TargetId=target)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert f"{account_arn(suite, loose)} (loose)" in run.output
    assert account_arn(suite, guarded) not in run.output


def test_malformed_policy_content_cannot_be_assessed(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    policy_id = create_policy(suite, "deny-leaving", target=root_id)
    suite.client("organizations").update_policy(PolicyId=policy_id, Content="{not json")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"organizations:DescribePolicy for {policy_id}: policy document is not JSON" in (
        run.output
    )


def test_statement_without_action_cannot_be_assessed(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    policy_id = create_policy(suite, "deny-leaving", target=root_id)
    no_action = document({"Effect": "Deny", "Resource": "*"})
    suite.client("organizations").update_policy(PolicyId=policy_id, Content=no_action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "a statement has neither Action nor NotAction" in run.output


def test_content_of_unattached_policies_is_not_read(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    unused = create_policy(suite, "draft")
    suite.client("organizations").update_policy(PolicyId=unused, Content="{not json")
    create_policy(suite, "deny-leaving", target=root_id)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_denied_policy_content_is_an_error(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_policy(suite, "deny-leaving", target=root_id)
    suite.deny("organizations:DescribePolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the organizations:DescribePolicy permission" in run.output


def test_member_account_cannot_assess(suite: Suite) -> None:
    make_member_account(suite)

    run = suite.run(control=CONTROL, accounts=("member",))

    run.result.assert_outcomes(errors=1)
    assert f"run this control against account {MANAGEMENT_ACCOUNT_ID}" in run.output


def test_denied_policy_targets_are_an_error(suite: Suite) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_policy(suite, "deny-leaving", target=root_id)
    suite.deny("organizations:ListTargetsForPolicy")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the organizations:ListTargetsForPolicy permission" in run.output


def test_root_policy_type_without_its_type_cannot_be_assessed() -> None:
    # Read as an unknown type, an enabled policy type would count as not enabled.
    root = {
        "Id": "r-ab12",
        "Arn": f"arn:aws:organizations::{MANAGEMENT_ACCOUNT_ID}:root/o-1/r-ab12",
        "PolicyTypes": [{"Status": "ENABLED"}],
    }
    canned = CannedAws().answer("organizations", "ListRoots", {"Roots": [root]})
    org = Organization("o-1", MANAGEMENT_ACCOUNT_ID, "ALL", MANAGEMENT_ACCOUNT_ID)

    with pytest.raises(
        MissingField, match="ListRoots for root r-ab12: a policy type returned no Type"
    ):
        fetch_roots(canned.data(), org)
