"""account/security-contact (CIS 2.3) against moto."""

from __future__ import annotations

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "account/test_security_contact.py"
CASE = "test_security_contact[prod]"


def put_contact(suite: Suite, kind: str = "SECURITY", title: str = "Security Operations") -> None:
    suite.client("account").put_alternate_contact(
        AlternateContactType=kind,
        Name="Security Team",
        Title=title,
        EmailAddress="security@example.com",
        PhoneNumber="+1-555-0199",
    )


def test_security_contact_passes_with_its_details(suite: Suite) -> None:
    put_contact(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Security contact EmailAddress"] == "security@example.com"
    assert decided["Security contact PhoneNumber"] == "+1-555-0199"


def test_no_security_contact_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"account {ACCOUNT_ID} has no security contact" in run.output
    assert "ResourceNotFoundException" in run.output


def test_billing_contact_is_no_security_contact(suite: Suite) -> None:
    put_contact(suite, kind="BILLING")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"account {ACCOUNT_ID} has no security contact" in run.output


def test_blank_field_fails_naming_it(suite: Suite) -> None:
    put_contact(suite, title=" ")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"account {ACCOUNT_ID}: its security contact lacks Title" in run.output


def test_denied_contact_read_is_an_error(suite: Suite) -> None:
    suite.deny("account:GetAlternateContact")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the account:GetAlternateContact permission" in run.output
