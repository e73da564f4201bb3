"""The account's primary contact details are complete and kept current."""

from fixtures.aws.account import ContactInformation
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.inputs import AttestationCheck
from fixtures.run.targets import ResolvedAccount

CONTACT_DETAILS = Control(
    id="account/contact-details",
    title="Current Account Contact Details",
    category="Account",
    severity="low",
    description=(
        "Ensures the account's primary contact information is complete; a person attests"
        " that it is current and reaches more than one individual."
    ),
    more_info=(
        "AWS uses the account's contact details when it sees abuse, a compromise or a"
        " billing problem with the account. If they name someone who has left, or a phone"
        " nobody answers, a warning goes nowhere and AWS may suspend the account to stop the"
        " harm. A shared mailbox and a team phone number keep working when people change"
        " jobs. AWS can only show whether the details are filled in, not whether they are"
        " right, so this control checks completeness and asks for an attestation."
    ),
    aws_link="https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-primary.html",
    recommended_action=(
        "Fill in the account's contact information with a team's address and phone number,"
        " review it regularly, then record an attestation in attestations.toml."
    ),
    remediation_steps=(
        "Sign in to the account (or to the management account, for a member account) with"
        " permission for account:PutContactInformation.",
        "Open the Account page from the account menu at the top right and choose Edit next to"
        " Contact information.",
        "Enter the full name, address, city, postal code, country and phone number of a team"
        " rather than of one person, and save.",
        "With the CLI: aws account put-contact-information --contact-information"
        " FullName=...,AddressLine1=...,City=...,PostalCode=...,CountryCode=...,PhoneNumber=...",
        "Check the root user's email address too: it should be a distribution list.",
        "Have the account owner add an [[attestation]] for this control and account to"
        " attestations.toml, with an expiry date for the next review.",
    ),
    frameworks={"cis-aws-7.0": ("2.2",)},
)


@CONTACT_DETAILS
def test_contact_details(
    contact_information: ContactInformation,
    account: ResolvedAccount,
    attestation: AttestationCheck,
    evidence: Evidence,
) -> None:
    """Contact information exists with every field AWS requires; then a person attests
    that it is current."""
    if not contact_information.exists:
        expect_no_violations(
            [
                f"account {account.account_id} has no contact information"
                " (account:GetContactInformation: ResourceNotFoundException)"
            ]
        )
    fields = contact_information.fields
    for name in ("FullName", "CompanyName", "PhoneNumber", "CountryCode"):
        evidence.record(f"Contact {name}", fields.get(name) or "not set")
    expect_no_violations(
        [
            f"account {account.account_id}: its contact information lacks"
            f" {', '.join(contact_information.missing)}"
        ]
        if contact_information.missing
        else []
    )
    attestation.require()
