"""A whole organization in one run: ``--account org:NAME`` against an organization in moto.

moto serves AWS Organizations (CreateOrganization, CreateAccount, CloseAccount, which
leaves the account SUSPENDED as AWS does once closure completes) and assumes a member's
role for any caller (it does not check trust policies): the fault proxy in front of it
refuses one member's sts:AssumeRole with AccessDenied, as AWS does for a role whose trust
policy does not name the caller.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import pytest

from fixtures.demo.moto.iam import RootAccessKey, RootAccount, set_root_account
from fixtures.run.accounts import OrganizationConfig, RoleStep
from fixtures.run.organizations import (
    OrganizationListingError,
    _member,
    member_config,
    members_from_facts,
)
from tests.conftest import ACCOUNT_ID, Suite, SuiteRun, assert_unresolved
from tests.example_controls import ACCESS_DENIED, ACCOUNT_CONTROL
from tests.fault_proxy import Answer, FaultProxy

CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ROLE = "OrganizationAccountAccessRole"


@pytest.fixture
def proxy(moto_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_url).running() as running:
        yield running


def refuse_assume_role(proxy: FaultProxy, *account_ids: str) -> None:
    """Refuse sts:AssumeRole of a role in ``account_ids`` (AccessDenied, HTTP 403): moto's
    answer names the assumed role's account, which decides."""

    def fault(answer: Answer) -> Answer:
        if any(
            f":{account_id}:assumed-role/".encode() in answer.body for account_id in account_ids
        ):
            return Answer(403, answer.headers, ACCESS_DENIED)
        return answer

    proxy.faults["AssumeRole"] = fault


def create_organization(suite: Suite, members: int) -> list[str]:
    """An organization managed by moto's default account, with ``members`` new accounts;
    their ids, in creation order."""
    organizations = suite.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    return [
        organizations.create_account(AccountName=f"member-{n}", Email=f"member-{n}@example.com")[
            "CreateAccountStatus"
        ]["AccountId"]
        for n in range(members)
    ]


def write_organization(suite: Suite, endpoint_url: str, **entry: Any) -> None:
    """An accounts file with one plain account ``prod`` and ``[organizations.main]``."""
    table = {
        "endpoint_url": endpoint_url,
        "regions": ["us-east-1"],
        "member_role_name": ROLE,
        **entry,
    }
    lines = [
        "[accounts.prod]",
        f'account_id = "{ACCOUNT_ID}"',
        f"endpoint_url = {json.dumps(endpoint_url)}",
        'regions = ["us-east-1"]',
        "[organizations.main]",
        *(f"{key} = {json.dumps(value)}" for key, value in table.items()),
    ]
    suite.accounts_file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def organization_record(run: SuiteRun) -> dict[str, Any]:
    (organization,) = run.record()["parts"][0]["organizations"]
    assert isinstance(organization, dict)
    return organization


def outcomes(run: SuiteRun) -> dict[str, str]:
    return {a["account_id"]: a["outcome"] for a in organization_record(run)["accounts"]}


def test_an_organization_of_twelve_members_is_checked_in_one_command(
    suite: Suite, proxy: FaultProxy
) -> None:
    members = create_organization(suite, 12)
    suspended, refused, exposed = members[3], members[7], members[9]
    suite.client("organizations").close_account(AccountId=suspended)
    refuse_assume_role(proxy, refused)
    for account_id in [ACCOUNT_ID, *members]:
        set_root_account(account_id, RootAccount(created=CREATED))
    key = RootAccessKey(active=True, last_rotated=CREATED)
    set_root_account(exposed, RootAccount(created=CREATED, key_1=key))
    write_organization(suite, proxy.url)

    run = suite.run(accounts=("org:main",))

    verdicts = run.verdicts()
    checked = {*members, ACCOUNT_ID} - {suspended}
    assert set(verdicts) == {f"test_root_access_keys[{a}]" for a in checked}, run.output
    for account_id in checked - {refused, exposed}:
        assert verdicts[f"test_root_access_keys[{account_id}]"] == "compliant", account_id
    assert verdicts[f"test_root_access_keys[{exposed}]"] == "violation"
    # the role that cannot be assumed: could not assess, with the one-line reason
    role = f"arn:aws:iam::{refused}:role/{ROLE}"
    assert run.result.ret == 1
    assert_unresolved(run, refused, f"account '{refused}': cannot assume {role} (AccessDenied)")
    # discovery is evidence: every account the organization had, and what became of it
    organization = organization_record(run)
    assert organization["management_account_id"] == ACCOUNT_ID
    assert organization["organization_id"].startswith("o-")
    assert organization["listed_as"] == f"arn:aws:sts::{ACCOUNT_ID}:user/moto"
    listed = {a["account_id"]: a for a in organization["accounts"]}
    assert set(listed) == {*members, ACCOUNT_ID}
    assert listed[suspended]["outcome"] == "skipped"
    assert listed[suspended]["state"] == "SUSPENDED"
    assert "SUSPENDED" in listed[suspended]["reason"]
    assert listed[refused]["outcome"] == "could not assess"
    assert "AccessDenied" in listed[refused]["reason"]
    assert listed[exposed]["outcome"] == "checked"
    assert listed[members[0]] == {
        "account_id": members[0],
        "name": "member-0",
        "state": "ACTIVE",
        "outcome": "checked",
        "checked_as": members[0],
    }
    html = run.html_path.read_text(encoding="utf-8")
    assert "Organization main" in html
    assert "member-3" in html  # the suspended account is named
    summary = [line for line in run.output.splitlines() if line.startswith("organization 'main'")]
    assert summary == [
        f"organization 'main' ({organization['organization_id']}): 13 accounts listed,"
        " 11 checked, 1 could not be assessed, 1 skipped"
    ], run.output
    assert proxy.requests["ListAccounts"] == 1
    assert proxy.requests["AssumeRole"] == 12  # once per checked member, none for the skipped


def test_a_second_page_of_accounts_is_read(suite: Suite, proxy: FaultProxy) -> None:
    members = create_organization(suite, 20)  # 21 with the management account: two pages
    write_organization(suite, proxy.url)
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control, accounts=("org:main",))

    assert run.result.ret == 0, run.output
    assert set(outcomes(run)) == {*members, ACCOUNT_ID}
    assert set(outcomes(run).values()) == {"checked"}
    assert len(run.verdicts()) == 21
    assert proxy.requests["ListAccounts"] == 2  # 20 a page, AWS's most


def test_skip_accounts_and_a_plain_account_that_is_also_a_member(suite: Suite) -> None:
    members = create_organization(suite, 3)
    write_organization(suite, suite.moto_url, skip_accounts=[members[1], "999999999999"])
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control, accounts=("prod", "org:main"))

    assert run.result.ret == 0, run.output
    # the management account is the plain account prod: checked once, as prod
    assert set(run.verdicts()) == {
        "test_account[prod]",
        f"test_account[{members[0]}]",
        f"test_account[{members[2]}]",
    }
    listed = {a["account_id"]: a for a in organization_record(run)["accounts"]}
    assert listed[ACCOUNT_ID]["checked_as"] == "prod"
    assert listed[members[1]]["outcome"] == "skipped"
    assert listed[members[1]]["reason"] == "listed in skip_accounts"
    assert "skip_accounts names 999999999999, which organization" in run.output


def test_organizational_units_include_and_exclude(suite: Suite) -> None:
    members = create_organization(suite, 4)
    organizations = suite.client("organizations")
    root = organizations.list_roots()["Roots"][0]["Id"]

    def unit(parent: str, name: str) -> str:
        return str(
            organizations.create_organizational_unit(ParentId=parent, Name=name)[
                "OrganizationalUnit"
            ]["Id"]
        )

    workloads = unit(root, "workloads")
    production = unit(workloads, "production")  # below workloads: included with it
    sandbox = unit(workloads, "sandbox")
    for account_id, parent in ((members[0], workloads), (members[1], production)):
        organizations.move_account(
            AccountId=account_id, SourceParentId=root, DestinationParentId=parent
        )
    organizations.move_account(
        AccountId=members[2], SourceParentId=root, DestinationParentId=sandbox
    )
    write_organization(
        suite,
        suite.moto_url,
        include_organizational_units=[workloads],
        exclude_organizational_units=[sandbox],
    )
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control, accounts=("org:main",))

    assert run.result.ret == 0, run.output
    assert set(run.verdicts()) == {f"test_account[{members[0]}]", f"test_account[{members[1]}]"}
    listed = {a["account_id"]: a for a in organization_record(run)["accounts"]}
    assert listed[members[1]]["unit_path"] == [root, workloads, production]
    assert listed[members[2]]["outcome"] == "skipped"
    assert sandbox in listed[members[2]]["reason"]
    assert listed[members[3]]["outcome"] == "skipped"  # in the root: outside workloads
    assert "outside the organizational units" in listed[members[3]]["reason"]
    assert listed[ACCOUNT_ID]["unit_path"] == [root]


def test_an_organizational_unit_the_organization_does_not_have_is_one_line_and_exit_4(
    suite: Suite,
) -> None:
    create_organization(suite, 1)
    write_organization(suite, suite.moto_url, include_organizational_units=["ou-abcd-12345678"])

    run = suite.run(accounts=("org:main",))

    assert run.result.ret == 4
    errors = [line for line in run.output.splitlines() if line.startswith("ERROR: ")]
    assert len(errors) == 1, run.output
    assert "organization 'main': include_organizational_units names ou-abcd-12345678" in errors[0]
    assert not run.html_path.exists()


def test_a_listing_that_is_refused_is_one_line_and_exit_4(suite: Suite) -> None:
    create_organization(suite, 2)
    suite.deny("organizations:ListAccounts")
    write_organization(suite, suite.moto_url)

    run = suite.run(accounts=("org:main",))

    assert run.result.ret == 4
    errors = [line for line in run.output.splitlines() if line.startswith("ERROR: ")]
    assert len(errors) == 1, run.output
    assert errors[0].startswith("ERROR: organization 'main': cannot list its accounts: ")
    assert "organizations:ListAccounts was denied (" in errors[0]
    assert "Traceback" not in run.output
    assert not run.html_path.exists()


def test_an_account_outside_any_organization_is_one_line_and_exit_4(suite: Suite) -> None:
    write_organization(suite, suite.moto_url)

    run = suite.run(accounts=("org:main",))

    assert run.result.ret == 4
    errors = [line for line in run.output.splitlines() if line.startswith("ERROR: ")]
    assert len(errors) == 1, run.output
    assert "AWSOrganizationsNotInUseException" in errors[0]


def test_a_member_without_a_state_is_checked_and_named(suite: Suite) -> None:
    from moto.organizations.models import organizations_backends

    members = create_organization(suite, 2)
    backend: Any = organizations_backends[ACCOUNT_ID]["aws"]
    for account in backend.accounts:
        if account.id == members[1]:
            account.status = account.state = None  # the listing gives neither field
    write_organization(suite, suite.moto_url)
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run(control=control, accounts=("org:main",))

    assert run.result.ret == 0, run.output
    assert f"test_account[{members[1]}]" in run.verdicts()
    listed = {a["account_id"]: a for a in organization_record(run)["accounts"]}
    assert listed[members[1]]["state"] == ""
    assert listed[members[1]]["outcome"] == "checked"
    warning = f"gave account {members[1]} (member-1) neither State nor Status"
    assert warning in run.output
    assert any(warning in line for line in run.record()["parts"][0]["warnings"])


def test_an_unknown_organization_is_a_usage_error(suite: Suite) -> None:
    write_organization(suite, suite.moto_url)

    run = suite.run(accounts=("org:nope",))

    assert run.result.ret == 4
    assert re.search(r"ERROR: --account org:nope: .* has no \[organizations.nope\]", run.output)
    assert "it defines: main" in run.output


def test_xdist_workers_are_handed_the_members(suite: Suite, proxy: FaultProxy) -> None:
    members = create_organization(suite, 3)
    refuse_assume_role(proxy, members[2])
    write_organization(suite, proxy.url)
    control = suite.pytester.makepyfile(test_account=ACCOUNT_CONTROL)

    run = suite.run("-n", "2", control=control, accounts=("org:main",))

    assert run.result.ret == 1, run.output
    assert run.verdicts() == {
        f"test_account[{ACCOUNT_ID}]": "compliant",
        f"test_account[{members[0]}]": "compliant",
        f"test_account[{members[1]}]": "compliant",
        f"test_account[{members[2]}]": "could not assess",
    }
    assert proxy.requests["ListAccounts"] == 1  # the controller listed; the workers did not
    assert outcomes(run)[members[2]] == "could not assess"


def organization_config(**changes: Any) -> OrganizationConfig:
    fields: dict[str, Any] = {
        "name": "main",
        "member_role_name": ROLE,
        "regions": ("us-east-1",),
        "home_region": "us-east-1",
        **changes,
    }
    return OrganizationConfig(**fields)


@pytest.mark.parametrize(
    ("fields", "skipped"),
    [
        ({"State": "ACTIVE", "Status": "ACTIVE"}, None),
        ({"State": "SUSPENDED", "Status": "SUSPENDED"}, "its state is SUSPENDED"),
        ({"State": "PENDING_CLOSURE", "Status": "PENDING_CLOSURE"}, "closing"),
        ({"State": "CLOSED", "Status": "SUSPENDED"}, "its state is CLOSED"),
        ({"State": "PENDING_ACTIVATION"}, "not yet activated"),
        ({"Status": "SUSPENDED"}, "its state is SUSPENDED"),  # the legacy field alone
        ({"Status": "ACTIVE"}, None),
        ({"State": "SUSPENDED", "Status": "ACTIVE"}, "its state is SUSPENDED"),  # State decides
    ],
)
def test_a_member_is_checked_only_when_active(fields: dict[str, str], skipped: str | None) -> None:
    warnings: list[str] = []

    member = _member(organization_config(), {"Id": "111122223333", **fields}, {}, warnings)

    if skipped is None:
        assert member.skipped is None
    else:
        assert member.skipped is not None
        assert skipped in member.skipped
    assert warnings == []


@pytest.mark.parametrize(
    ("fields", "said"), [({}, "neither State nor Status"), ({"State": "LIMBO"}, "'LIMBO'")]
)
def test_a_member_of_unknown_state_is_checked_with_a_warning(
    fields: dict[str, str], said: str
) -> None:
    warnings: list[str] = []

    member = _member(organization_config(), {"Id": "111122223333", **fields}, {}, warnings)

    assert member.skipped is None
    assert len(warnings) == 1
    assert said in warnings[0]
    assert "it is checked as if active, not skipped" in warnings[0]


@pytest.mark.parametrize("item", [{}, {"Id": "1234"}, {"Id": 111122223333}, "111122223333"])
def test_a_member_without_an_id_stops_the_listing(item: Any) -> None:
    with pytest.raises(OrganizationListingError, match="without a 12-digit Id"):
        _member(organization_config(), item, {}, [])


def test_a_member_is_checked_through_its_role_in_its_partition() -> None:
    plain = member_config(organization_config(), "111122223333")
    china = member_config(
        organization_config(home_region="cn-north-1", regions=None), "111122223333"
    )
    chained = member_config(
        organization_config(
            role_arn="arn:aws:iam::999999999999:role/Lister",
            external_id="org-x",
            member_external_id="x-1",
            duration_seconds=900,
        ),
        "111122223333",
    )

    assert plain.name == plain.account_id == "111122223333"
    assert plain.role_arn == f"arn:aws:iam::111122223333:role/{ROLE}"
    assert plain.chained_roles == ()
    assert plain.role_chain == (RoleStep(f"arn:aws:iam::111122223333:role/{ROLE}"),)
    assert china.role_arn == f"arn:aws-cn:iam::111122223333:role/{ROLE}"
    assert china.regions is None
    # the organization's role first (with its external id), then the member's with its own
    assert chained.role_chain == (
        RoleStep("arn:aws:iam::999999999999:role/Lister", "org-x"),
        RoleStep(f"arn:aws:iam::111122223333:role/{ROLE}", "x-1"),
    )
    assert chained.duration_seconds == 900
    # handed to xdist workers as plain data, and back
    assert members_from_facts(json.loads(json.dumps([asdict(chained), asdict(china)]))) == [
        chained,
        china,
    ]


def test_an_organization_region_botocore_does_not_know_is_a_usage_error(suite: Suite) -> None:
    write_organization(suite, suite.moto_url, regions=["us-east-1", "zz-north-9"])

    run = suite.run(accounts=("org:main",))

    assert run.result.ret == 4
    assert "organization 'main': 'zz-north-9' is not an AWS region" in run.output
    assert not run.html_path.exists()


def test_a_baseline_must_cover_the_members_the_listing_found(
    suite: Suite, proxy: FaultProxy
) -> None:
    members = create_organization(suite, 2)
    for account_id in [ACCOUNT_ID, *members]:
        set_root_account(account_id, RootAccount(created=CREATED))
    write_organization(suite, proxy.url)
    plain = suite.pytester.path / "plain.json"
    whole = suite.pytester.path / "whole.json"
    suite.run(f"--run-record={plain}")  # prod, the management account, only
    assert suite.run(f"--run-record={whole}", accounts=("org:main",)).result.ret == 0
    assumed = proxy.requests["AssumeRole"]
    (suite.pytester.path / "report.html").unlink()

    refused = suite.run(f"--baseline={plain}", accounts=("org:main",))

    assert refused.result.ret == 4, refused.output
    errors = [line for line in refused.output.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        f"ERROR: --baseline {plain} does not cover account {members[0]} of this run;"
        f" it covers: {ACCOUNT_ID}"
    ], refused.output
    assert proxy.requests["AssumeRole"] == assumed  # refused before any member resolves
    assert not refused.html_path.exists()

    covered = suite.run(f"--baseline={whole}", accounts=("org:main",))

    assert covered.result.ret == 0, covered.output
    assert "--baseline" in covered.output  # the gate's lines: 0 new violation(s)


def test_an_organization_id_the_credentials_do_not_reach_is_one_line_and_exit_4(
    suite: Suite, proxy: FaultProxy
) -> None:
    members = create_organization(suite, 2)
    for account_id in [ACCOUNT_ID, *members]:
        set_root_account(account_id, RootAccount(created=CREATED))
    actual = suite.client("organizations").describe_organization()["Organization"]["Id"]
    write_organization(suite, proxy.url, organization_id="o-a1b2c3d4e5")

    run = suite.run(accounts=("org:main",))

    assert run.result.ret == 4, run.output
    errors = [line for line in run.output.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        f"ERROR: organization 'main': arn:aws:sts::{ACCOUNT_ID}:user/moto lists organization"
        f" {actual}, not o-a1b2c3d4e5 (organization_id)"
    ], run.output
    assert proxy.requests["AssumeRole"] == 0  # no member was looked at
    assert not run.html_path.exists()

    write_organization(suite, proxy.url, organization_id=actual)

    run = suite.run(accounts=("org:main",))

    assert run.result.ret == 0, run.output
    assert set(outcomes(run).values()) == {"checked"}


def test_an_account_named_like_a_member_it_is_not_is_one_line_and_exit_4(
    suite: Suite, proxy: FaultProxy
) -> None:
    (member,) = create_organization(suite, 1)
    write_organization(suite, proxy.url)
    text = suite.accounts_file.read_text(encoding="utf-8")
    # the management account, named by the member's id
    suite.accounts_file.write_text(
        text.replace("[accounts.prod]", f'[accounts."{member}"]'), encoding="utf-8"
    )

    run = suite.run(accounts=(member, "org:main"))

    assert run.result.ret == 4, run.output
    errors = [line for line in run.output.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        f"ERROR: account '{member}' (account {ACCOUNT_ID}) has the name of a member of an"
        f" organization of this run (account {member}, named by its id): rename it in the"
        " accounts file"
    ], run.output
    assert proxy.requests["AssumeRole"] == 0
