"""Role chains: ``role_arn`` then ``chained_role_arns``, each step botocore's refreshing
assume-role credentials, shared steps assumed once per run.

moto assumes any role for any caller (it does not check trust policies) and answers an
assumed role's identity in the role's account, so a chain of roles in three accounts
resolves into the last one's; it keeps each sts:AssumeRole it answered (role and external
id), which is what the tests read to see which external id each step sent. The fault
proxy refuses one step (AccessDenied), as AWS does for a role whose trust policy does not
name the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from moto.sts.models import sts_backends

from fixtures.run.accounts import AccountConfig, RoleStep
from fixtures.run.role_chains import RoleChains, refresh_windows
from fixtures.run.sessions import AccountResolutionError, AwsSession
from tests.conftest import ACCOUNT_ID, Suite, assert_unresolved
from tests.example_controls import ACCESS_DENIED, ACCOUNT_CONTROL, REGIONAL_CONTROL
from tests.fault_proxy import Answer, FaultProxy

HUB, AUDIT, MEMBER = "111111111111", "222222222222", "333333333333"
HUB_ROLE = f"arn:aws:iam::{HUB}:role/Hub"
AUDIT_ROLE = f"arn:aws:iam::{AUDIT}:role/Audit"
MEMBER_ROLE = f"arn:aws:iam::{MEMBER}:role/Member"


@pytest.fixture
def proxy(moto_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_url).running() as running:
        yield running


def assumed() -> list[tuple[str, str | None]]:
    """Each sts:AssumeRole moto answered since its reset, (role ARN, external id), sorted
    (moto keeps them per account of the role, not in the order asked)."""
    return sorted(
        (role.role_arn, role.external_id)
        for regions in sts_backends.values()
        for backend in regions.values()
        for role in backend.assumed_roles
    )


def write_chain(suite: Suite, endpoint_url: str, account_id: str, *lines: str) -> None:
    """The account ``prod`` (``account_id``) with the accounts-file ``lines`` (TOML)."""
    suite.accounts_file.write_text(
        "\n".join(
            [
                "[accounts.prod]",
                f'account_id = "{account_id}"',
                f'endpoint_url = "{endpoint_url}"',
                'regions = ["us-east-1", "eu-west-1"]',
                *lines,
            ]
        )
        + "\n",
        encoding="utf-8",
    )


def refuse_role_of(proxy: FaultProxy, account_id: str) -> None:
    """Refuse sts:AssumeRole of the role in ``account_id`` (moto's answer names it)."""

    def fault(answer: Answer) -> Answer:
        if f":{account_id}:assumed-role/".encode() in answer.body:
            return Answer(403, answer.headers, ACCESS_DENIED)
        return answer

    proxy.faults["AssumeRole"] = fault


def test_a_two_step_chain_resolves_into_the_last_roles_account(
    suite: Suite, proxy: FaultProxy
) -> None:
    write_chain(
        suite,
        proxy.url,
        AUDIT,
        f'role_arn = "{HUB_ROLE}"',
        'external_id = "hub-external-id"',
        f'chained_role_arns = ["{AUDIT_ROLE}"]',
    )
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control)

    assert run.result.ret == 0, run.output
    (entry,) = run.record()["parts"][0]["accounts"]
    assert entry["checked_as"] == f"arn:aws:sts::{AUDIT}:assumed-role/Audit/aws-compliance-audit"
    assert assumed() == sorted([(HUB_ROLE, "hub-external-id"), (AUDIT_ROLE, None)])
    assert proxy.requests["AssumeRole"] == 2


def test_a_three_step_chain_sends_each_steps_external_id(suite: Suite, proxy: FaultProxy) -> None:
    write_chain(
        suite,
        proxy.url,
        MEMBER,
        f'role_arn = "{HUB_ROLE}"',
        f'chained_role_arns = ["{AUDIT_ROLE}",'
        f' {{ role_arn = "{MEMBER_ROLE}", external_id = "member-external-id" }}]',
        "duration_seconds = 900",
        'session_name = "ci-audit"',
    )
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control)

    assert run.result.ret == 0, run.output
    (entry,) = run.record()["parts"][0]["accounts"]
    assert entry["checked_as"] == f"arn:aws:sts::{MEMBER}:assumed-role/Member/ci-audit"
    assert assumed() == sorted(
        [(HUB_ROLE, None), (AUDIT_ROLE, None), (MEMBER_ROLE, "member-external-id")]
    )
    assert proxy.requests["AssumeRole"] == 3  # once each, for the whole run


@pytest.mark.parametrize(
    ("step", "refused"), [(1, HUB_ROLE), (2, AUDIT_ROLE), (3, MEMBER_ROLE)], ids=str
)
def test_a_refused_step_is_named_once_for_every_control(
    suite: Suite, proxy: FaultProxy, step: int, refused: str
) -> None:
    write_chain(
        suite,
        proxy.url,
        MEMBER,
        f'role_arn = "{HUB_ROLE}"',
        f'chained_role_arns = ["{AUDIT_ROLE}", "{MEMBER_ROLE}"]',
    )
    refuse_role_of(proxy, refused.split(":")[4])
    account = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)
    regional = suite.pytester.makepyfile(test_regional=REGIONAL_CONTROL)

    run = suite.run(str(regional), control=account)

    reason = (
        f"account 'prod': step {step} of 3 of its role chain: cannot assume {refused}"
        " (AccessDenied)"
    )
    assert_unresolved(run, "prod", reason)
    assert len(run.verdicts()) == 3  # the account's control and the regional one, 2 regions
    # the steps before it once each, the refused one once: not once per control or region
    assert proxy.requests["AssumeRole"] == step
    assert proxy.requests["GetCallerIdentity"] == 0


def test_a_step_answering_another_accounts_credentials_is_refused(
    suite: Suite, proxy: FaultProxy
) -> None:
    write_chain(
        suite,
        proxy.url,
        AUDIT,
        f'role_arn = "{HUB_ROLE}"',
        f'chained_role_arns = ["{AUDIT_ROLE}"]',
    )

    def elsewhere(answer: Answer) -> Answer:
        body = answer.body.replace(
            f":{AUDIT}:assumed-role/".encode(), b":999999999999:assumed-role/"
        )
        return Answer(answer.status, answer.headers, body)

    proxy.faults["AssumeRole"] = elsewhere
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control)

    assert_unresolved(
        run,
        "prod",
        f"account 'prod': step 2 of 2 of its role chain: sts:AssumeRole of {AUDIT_ROLE}"
        f" answered credentials of account 999999999999, not the role's account {AUDIT}",
    )


def test_a_single_role_keeps_its_one_line(suite: Suite, proxy: FaultProxy) -> None:
    write_chain(suite, proxy.url, HUB, f'role_arn = "{HUB_ROLE}"')
    refuse_role_of(proxy, HUB)
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control)

    assert_unresolved(run, "prod", f"account 'prod': cannot assume {HUB_ROLE} (AccessDenied)")
    assert proxy.requests["AssumeRole"] == 1


# --- an organization's own role, shared by its members -------------------------------


def test_an_organizations_role_is_assumed_once_for_its_listing_and_all_members(
    suite: Suite, proxy: FaultProxy
) -> None:
    organizations = suite.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    members = [
        organizations.create_account(AccountName=f"m-{n}", Email=f"m-{n}@example.com")[
            "CreateAccountStatus"
        ]["AccountId"]
        for n in range(4)
    ]
    lister = f"arn:aws:iam::{ACCOUNT_ID}:role/OrgLister"
    suite.accounts_file.write_text(
        "\n".join(
            [
                "[organizations.main]",
                f'endpoint_url = "{proxy.url}"',
                'regions = ["us-east-1"]',
                f'role_arn = "{lister}"',
                'external_id = "org-external-id"',
                'member_role_name = "OrganizationAccountAccessRole"',
                'member_external_id = "member-external-id"',
                "duration_seconds = 900",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control, accounts=("org:main",))

    assert run.result.ret == 0, run.output
    assert len(run.verdicts()) == 5  # the management account and four members
    member_roles = [
        f"arn:aws:iam::{m}:role/OrganizationAccountAccessRole" for m in [ACCOUNT_ID, *members]
    ]
    # the organization's role once, with its external id; each member's with the members'
    assert assumed() == sorted(
        [(lister, "org-external-id"), *((role, "member-external-id") for role in member_roles)]
    )
    assert proxy.requests["AssumeRole"] == 1 + 5


def test_under_xdist_each_process_assumes_the_organizations_role_once(
    suite: Suite, proxy: FaultProxy
) -> None:
    organizations = suite.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    for n in range(3):
        organizations.create_account(AccountName=f"m-{n}", Email=f"m-{n}@example.com")
    lister = f"arn:aws:iam::{ACCOUNT_ID}:role/OrgLister"
    suite.accounts_file.write_text(
        f'[organizations.main]\nendpoint_url = "{proxy.url}"\nrole_arn = "{lister}"\n'
        'external_id = "org-external-id"\nregions = ["us-east-1"]\n'
        'member_role_name = "OrganizationAccountAccessRole"\n'
        'member_external_id = "member-external-id"\n',
        encoding="utf-8",
    )
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run("-n", "2", control=control, accounts=("org:main",))

    assert run.result.ret == 0, run.output
    assert set(run.verdicts().values()) == {"compliant"}
    assert len(run.verdicts()) == 4
    listed = [external_id for role, external_id in assumed() if role == lister]
    # the controller once (listing and resolving), each worker at most once: never per member
    assert 1 <= len(listed) <= 3, listed
    assert set(listed) == {"org-external-id"}  # handed to the workers with each member


def test_an_organizations_refused_role_is_one_line_at_listing(
    suite: Suite, proxy: FaultProxy
) -> None:
    suite.client("organizations").create_organization(FeatureSet="ALL")
    lister = f"arn:aws:iam::{ACCOUNT_ID}:role/OrgLister"
    suite.accounts_file.write_text(
        f'[organizations.main]\nendpoint_url = "{proxy.url}"\nrole_arn = "{lister}"\n'
        'regions = ["us-east-1"]\nmember_role_name = "Audit"\n',
        encoding="utf-8",
    )
    refuse_role_of(proxy, ACCOUNT_ID)

    run = suite.run(accounts=("org:main",))

    assert run.result.ret == 4
    assert (
        f"ERROR: organization 'main': cannot list its accounts: cannot assume {lister}"
        " (AccessDenied)" in run.output
    ), run.output
    assert proxy.requests["AssumeRole"] == 1


# --- refresh: botocore's refreshing credentials, on a clock the test drives -----------


def test_refresh_windows_are_botocores_or_a_fraction_of_a_short_session() -> None:
    assert refresh_windows(3600) == (900, 600)  # botocore's 15 and 10 minutes
    assert refresh_windows(43200) == (900, 600)
    assert refresh_windows(900) == (300, 150)  # a third and a sixth of 15 minutes
    assert refresh_windows(1800) == (600, 300)


def test_a_short_chain_is_refreshed_by_botocore_as_it_nears_expiry(suite: Suite) -> None:
    now = {"time": datetime.now(UTC)}
    chains = RoleChains(time_fetcher=lambda: now["time"])
    config = AccountConfig(
        name="prod",
        account_id=AUDIT,
        regions=("us-east-1",),
        home_region="us-east-1",
        role_arn=HUB_ROLE,
        external_id="hub-external-id",
        chained_roles=(RoleStep(AUDIT_ROLE, "audit-external-id"),),
        duration_seconds=900,
    )
    session = AwsSession(config, suite.moto_url, chains=chains)

    def access_key() -> str:
        key: str = session.credentials.get_frozen_credentials().access_key
        return key

    assert session.caller_identity()["Account"] == AUDIT
    first = access_key()
    session.caller_identity()
    assert len(assumed()) == 2  # nothing refreshed while the 15 minutes are fresh
    # 11 minutes on: 4 left, inside a 900 s session's advisory window (a third: 5 minutes)
    now["time"] += timedelta(minutes=11)

    assert session.caller_identity()["Account"] == AUDIT

    # both steps assumed again (the second's source, the first, refreshed first), each
    # with its own external id
    assert assumed() == sorted(
        2 * [(HUB_ROLE, "hub-external-id"), (AUDIT_ROLE, "audit-external-id")]
    )
    # moto's new sessions end 15 minutes from the wall clock: back to it, they are fresh
    now["time"] = datetime.now(UTC)
    assert access_key() != first
    session.caller_identity()
    assert len(assumed()) == 4


def _through_hub(duration_seconds: int = 3600) -> AccountConfig:
    """The audited account, reached through the hub's role and then its own audit role."""
    return AccountConfig(
        name="prod",
        account_id=AUDIT,
        regions=("us-east-1",),
        home_region="us-east-1",
        role_arn=HUB_ROLE,
        chained_roles=(RoleStep(AUDIT_ROLE),),
        duration_seconds=duration_seconds,
    )


def test_a_session_built_again_signs_with_the_role_already_assumed(
    suite: Suite, proxy: FaultProxy
) -> None:
    session = AwsSession(_through_hub(), proxy.url, chains=RoleChains())
    assert session.caller_identity()["Account"] == AUDIT
    assert proxy.requests["AssumeRole"] == 2

    for _ in range(3):  # waiting its turn, then in progress: its session dropped, built again
        session.drop_session()
        assert not session.has_session
        assert session.caller_identity()["Account"] == AUDIT
        session.client("iam").list_users()

    assert proxy.requests["AssumeRole"] == 2  # botocore's credentials kept, not assumed again
    assert len(assumed()) == 2


def test_a_refused_refresh_names_the_step_and_is_asked_once(
    suite: Suite, proxy: FaultProxy
) -> None:
    now = {"time": datetime.now(UTC)}
    chains = RoleChains(time_fetcher=lambda: now["time"])
    session = AwsSession(_through_hub(duration_seconds=900), proxy.url, chains=chains)
    session.caller_identity()
    refuse_role_of(proxy, HUB)
    now["time"] += timedelta(minutes=14)  # inside the mandatory window (a sixth: 2.5 min)

    for _ in range(3):
        with pytest.raises(
            AccountResolutionError,
            match=re.escape(
                f"account 'prod': step 1 of 2 of its role chain: cannot assume {HUB_ROLE}"
                " (AccessDenied)"
            ),
        ):
            session.caller_identity()

    assert proxy.requests["AssumeRole"] == 3  # two at first, one refused, not asked again


def test_a_chain_asking_more_than_an_hour_stops_the_run_in_one_line(suite: Suite) -> None:
    write_chain(
        suite,
        suite.moto_url,
        AUDIT,
        f'role_arn = "{HUB_ROLE}"',
        f'chained_role_arns = ["{AUDIT_ROLE}"]',
        "duration_seconds = 7200",
    )

    run = suite.run()

    assert run.result.ret == 4
    errors = [line for line in run.output.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        f"ERROR: accounts file {suite.accounts_file}, account 'prod': duration_seconds must be"
        " a whole number of seconds from 900 to 3600 (a role chain: AWS allows an hour)"
    ], run.output
    assert assumed() == []
