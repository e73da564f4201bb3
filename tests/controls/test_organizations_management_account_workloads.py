"""organizations/management-account-workloads (CIS 2.1.3): evidence plus attestation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "organizations/test_management_account_workloads.py"
CASE = "test_management_account_workloads[prod]"
ID = "organizations/management-account-workloads"


def today(offset_days: int = 0) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset_days)).isoformat()


def make_management_account(suite: Suite) -> None:
    suite.client("organizations").create_organization(FeatureSet="ALL")
    suite.client("iam").create_user(UserName="deployer")


def test_account_outside_any_organization_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Organization"] == "none: the account belongs to no organization"


def test_management_account_without_attestation_awaits_it(suite: Suite) -> None:
    make_management_account(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    assert run.result.ret == 0
    record = run.evidence()[CASE]
    assert record["verdict"] == "awaiting attestation"
    assert record["decided_by"]["IAM users"] == "deployer"


def test_require_attestations_turns_awaiting_into_failure(suite: Suite) -> None:
    make_management_account(suite)

    run = suite.run("--require-attestations", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert run.verdicts() == {CASE: "awaiting attestation (required)"}


def test_valid_attestation_passes_with_the_statement(suite: Suite) -> None:
    make_management_account(suite)
    suite.write_attestations(
        {
            "control": ID,
            "account": ACCOUNT_ID,
            "by": "Jane Doe <jane@example.com>",
            "date": today(-10),
            "expires": today(30),
            "statement": "Only organization administration runs here.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    attested = run.evidence()[CASE]["decided_by"]["Attestation"]
    assert attested.startswith("Jane Doe <jane@example.com> on")
    assert attested.endswith("Only organization administration runs here.")


def test_expired_attestation_does_not_count(suite: Suite) -> None:
    make_management_account(suite)
    suite.write_attestations(
        {
            "control": ID,
            "account": "prod",
            "by": "Jane Doe",
            "date": today(-400),
            "expires": today(-1),
            "statement": "Reviewed last year.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    assert f"the last one, by Jane Doe, expired on {today(-1)}" in run.output


def test_attestation_for_another_account_does_not_match(suite: Suite) -> None:
    make_management_account(suite)
    suite.write_attestations(
        {
            "control": ID,
            "account": "staging",
            "by": "Jane Doe",
            "date": today(-1),
            "expires": today(30),
            "statement": "Not this account.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)


def test_attestation_of_unknown_control_stops_the_run(suite: Suite) -> None:
    suite.write_attestations(
        {
            "control": "organizations/no-such-control",
            "account": "prod",
            "by": "Jane Doe",
            "date": today(-1),
            "expires": today(30),
            "statement": "Typo.",
        }
    )

    run = suite.run(control=None)  # the whole suite: with explicit paths it only warns

    assert run.result.ret == 4
    assert "no control 'organizations/no-such-control'" in run.output


def test_incomplete_attestation_stops_the_run(suite: Suite) -> None:
    suite.attestations_file.write_text('[[attestation]]\ncontrol = "x"\n')

    run = suite.run(control=CONTROL)

    assert run.result.ret == 4
    assert "entry 1: missing ['account', 'by', 'date', 'expires', 'statement']" in run.output


def test_denied_describe_organization_is_an_error(suite: Suite) -> None:
    suite.deny("organizations:DescribeOrganization")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the organizations:DescribeOrganization permission" in run.output
