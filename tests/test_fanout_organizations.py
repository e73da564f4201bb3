"""The organization's per-item reads (each customer-managed policy's targets and content,
each delegated administrator's services) are made concurrently in the prefetch, with
every page of the lists they come from read (tests/page_splitter.py splits each list in
two), and the same verdicts as a plain loop. Concurrency is seen, not timed, as in
tests/test_fanout.py.
"""

from __future__ import annotations

import pytest

from tests.botocore_hooks import hooked
from tests.conftest import Suite
from tests.controls.organizations_scenarios import create_account, create_organization
from tests.controls.test_organizations_authorization_guardrails import (
    CASE as GUARDRAILS_CASE,
)
from tests.controls.test_organizations_authorization_guardrails import (
    CONTROL as GUARDRAILS,
)
from tests.controls.test_organizations_authorization_guardrails import create_policy, enable
from tests.controls.test_organizations_delegated_service_administrators import (
    CASE as DELEGATED_CASE,
)
from tests.controls.test_organizations_delegated_service_administrators import (
    CONTROL as DELEGATED,
)
from tests.controls.test_organizations_delegated_service_administrators import delegate, trust
from tests.page_splitter import PageSplitter
from tests.test_fanout import InFlight


def probed_and_split(monkeypatch: pytest.MonkeyPatch, event: str) -> tuple[InFlight, PageSplitter]:
    probe, splitter = InFlight(), PageSplitter()
    hooked(monkeypatch, (event, probe), *splitter.handlers())
    return probe, splitter


def test_customer_policies_are_read_concurrently_and_the_second_page_counts(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    for number in range(4):
        create_policy(suite, f"unattached-{number}")
    create_policy(suite, "zz-deny-leaving", target=root_id)  # listed last: the second page
    probe, splitter = probed_and_split(
        monkeypatch, "before-send.organizations.ListTargetsForPolicy"
    )

    run = suite.run("-p", "tests.fanout_probe", control=GUARDRAILS)

    run.result.assert_outcomes(passed=1)
    record = run.evidence()[GUARDRAILS_CASE]
    assert record["decided_by"]["SERVICE_CONTROL_POLICY policies"] == (
        "5 customer-managed, AWS-managed: FullAWSAccess"
    )
    targets = [
        c for c in record["api_calls"] if c["action"] == "organizations:ListTargetsForPolicy"
    ]
    assert len(targets) >= 5  # each customer-managed SCP's targets (RCPs' too)
    assert splitter.split[("organizations", "ListPolicies")] >= 1
    assert probe.peak >= 2  # two policies' targets in flight at once
    assert probe.phases == {"collection"}


def test_without_the_attached_policy_the_control_fails(suite: Suite) -> None:
    # The test above can fail: its pass rests on the policy on the list's second half.
    _, root_id = create_organization(suite)
    enable(suite, root_id)
    create_account(suite, "workload")
    create_policy(suite, "unattached")

    run = suite.run(control=GUARDRAILS)

    run.result.assert_outcomes(failed=1)


def test_delegated_administrators_are_read_concurrently_with_every_page(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_organization(suite)
    services = ("guardduty.amazonaws.com", "access-analyzer.amazonaws.com")
    trust(suite, *services)
    admins = [create_account(suite, f"admin-{n}") for n in range(4)]
    for admin in admins:
        delegate(suite, admin, *services)
    probe, splitter = probed_and_split(
        monkeypatch, "before-send.organizations.ListDelegatedServicesForAccount"
    )

    run = suite.run("-p", "tests.fanout_probe", control=DELEGATED)

    record = run.evidence()[DELEGATED_CASE]
    reads = [
        c
        for c in record["api_calls"]
        if c["action"] == "organizations:ListDelegatedServicesForAccount"
    ]
    assert len({c["request_id"] for c in reads if c["request_id"]}) >= len(admins)
    for admin in admins:  # each administrator's services, from both halves of the lists
        assert admin in str(record["decided_by"]), record["decided_by"]
    assert splitter.split[("organizations", "ListDelegatedAdministrators")] >= 1
    assert splitter.split[("organizations", "ListDelegatedServicesForAccount")] >= 1
    assert probe.peak >= 2
    assert probe.phases == {"collection"}
