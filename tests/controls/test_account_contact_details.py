"""account/contact-details (CIS 2.2): completeness, then attestation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fixtures.demo.moto.account import set_contact_information
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "account/test_contact_details.py"
CASE = "test_contact_details[prod]"
ID = "account/contact-details"
COMPLETE = {
    "FullName": "Cloud Platform Team",
    "CompanyName": "Example Corp",
    "AddressLine1": "1 Main Street",
    "City": "Springfield",
    "PostalCode": "12345",
    "CountryCode": "US",
    "PhoneNumber": "+1-555-0100",
}


def test_complete_contact_awaits_attestation(suite: Suite) -> None:
    set_contact_information(ACCOUNT_ID, COMPLETE)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    record = run.evidence()[CASE]
    assert record["verdict"] == "awaiting attestation"
    assert record["decided_by"]["Contact FullName"] == "Cloud Platform Team"
    assert record["decided_by"]["Contact PhoneNumber"] == "+1-555-0100"


def test_complete_contact_with_attestation_passes(suite: Suite) -> None:
    set_contact_information(ACCOUNT_ID, COMPLETE)
    today = datetime.now(UTC).date()
    suite.write_attestations(
        {
            "control": ID,
            "account": "prod",
            "by": "Jane Doe",
            "date": (today - timedelta(days=3)).isoformat(),
            "expires": (today + timedelta(days=180)).isoformat(),
            "statement": "Reviewed: the platform team's shared phone and address.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_no_contact_information_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"account {ACCOUNT_ID} has no contact information" in run.output
    assert run.verdicts() == {CASE: "violation"}


def test_incomplete_contact_fails_naming_the_fields(suite: Suite) -> None:
    set_contact_information(ACCOUNT_ID, {**COMPLETE, "City": " ", "PhoneNumber": ""})

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"account {ACCOUNT_ID}: its contact information lacks City, PhoneNumber" in (run.output)


def test_incomplete_contact_fails_even_when_attested(suite: Suite) -> None:
    without_postal_code = {k: v for k, v in COMPLETE.items() if k != "PostalCode"}
    set_contact_information(ACCOUNT_ID, without_postal_code)
    today = datetime.now(UTC).date()
    suite.write_attestations(
        {
            "control": ID,
            "account": "prod",
            "by": "Jane Doe",
            "date": today.isoformat(),
            "expires": (today + timedelta(days=30)).isoformat(),
            "statement": "Looks fine.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "lacks PostalCode" in run.output


def test_denied_contact_read_is_an_error(suite: Suite) -> None:
    set_contact_information(ACCOUNT_ID, COMPLETE)
    suite.deny("account:GetContactInformation")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the account:GetContactInformation permission" in run.output
