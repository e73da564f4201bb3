"""The account has a security contact registered with AWS."""

from fixtures.aws.account import AlternateContact
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.targets import ResolvedAccount

SECURITY_CONTACT = Control(
    id="account/security-contact",
    title="Security Contact Information",
    category="Account",
    severity="medium",
    description=(
        "Ensures the account has a security alternate contact with a name, title, email"
        " address and phone number."
    ),
    more_info=(
        "When AWS notices something wrong with an account, such as exposed credentials or"
        " abuse reports, it sends security notifications to the security contact. Without"
        " one, the notice goes to the primary contact, who may not know what to do with it"
        " or may not read it in time. A security team's shared mailbox and on-call number"
        " make sure the warning reaches people who can act."
    ),
    aws_link="https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html",
    recommended_action=(
        "Register the security team as the account's security alternate contact, using a"
        " shared mailbox and phone number."
    ),
    remediation_steps=(
        "Sign in to the account (or to the management account, for a member account) with"
        " permission for account:PutAlternateContact.",
        "Open the Account page from the account menu at the top right and scroll to"
        " Alternate contacts; choose Edit.",
        "Under Security contact enter the security team's name, title, shared email address"
        " and phone number, and save.",
        "With the CLI: aws account put-alternate-contact --alternate-contact-type SECURITY"
        " --name ... --title ... --email-address ... --phone-number ...",
        "For many accounts, run the same command from the management account with"
        " --account-id for each member.",
    ),
    frameworks={"cis-aws-7.0": ("2.3",)},
)


@SECURITY_CONTACT
def test_security_contact(
    security_contact: AlternateContact, account: ResolvedAccount, evidence: Evidence
) -> None:
    """A SECURITY alternate contact exists, with every field AWS requires filled in."""
    if not security_contact.exists:
        expect_no_violations(
            [
                f"account {account.account_id} has no security contact"
                " (account:GetAlternateContact SECURITY: ResourceNotFoundException)"
            ]
        )
    for name in ("Name", "Title", "EmailAddress", "PhoneNumber"):
        evidence.record(f"Security contact {name}", security_contact.fields.get(name) or "not set")
    expect_no_violations(
        [
            f"account {account.account_id}: its security contact lacks"
            f" {', '.join(security_contact.missing)}"
        ]
        if security_contact.missing
        else []
    )
