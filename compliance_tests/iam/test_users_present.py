"""The account has IAM identities to work through, not only its root user."""

from fixtures.analysis.iam_model import IamInventory
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

USERS_PRESENT = Control(
    id="iam/users-present",
    title="IAM User Present",
    category="IAM",
    severity="medium",
    description="Ensures at least one IAM user exists in the account.",
    more_info=(
        "An account with no IAM user and no other way in leaves people using the root user"
        " for daily work, which no policy can limit. This control looks only for IAM users."
        " It does not see the better practice: people signing in through IAM Identity"
        " Center or another identity provider and assuming roles, with no long-lived IAM"
        " users at all. Accounts run that way fail here although they are well run; their"
        " teams should deselect this control (pytest -k 'not users_present') and rely on"
        " the root-usage controls instead."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_create.html",
    recommended_action=(
        "Give people access through IAM Identity Center (preferred) or create IAM users"
        " with least-privilege permissions, and stop using the root user for daily tasks."
    ),
    remediation_steps=(
        "Decide how people sign in: IAM Identity Center with permission sets is the"
        " recommended way for an organization; if you use it, deselect this control.",
        "Otherwise open the IAM console, choose Users, then Create user; give it console"
        " access and add it to a group with the permissions the person needs. With the CLI:"
        " aws iam create-user --user-name NAME, then aws iam add-user-to-group --group-name"
        " GROUP --user-name NAME.",
        "Enable MFA for the new user and sign in with it instead of the root user.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamUserPresent",)},
)


@USERS_PRESENT
def test_users_present(iam_inventory: IamInventory, evidence: Evidence) -> None:
    """At least one IAM user exists."""
    evidence.record("IAM users", len(iam_inventory.users))
    evidence.record("IAM roles", len(iam_inventory.roles))
    expect_no_violations(
        []
        if iam_inventory.users
        else [
            "the account has no IAM users: access is through the root user or through roles"
            " (with identity federation, deselect this control)"
        ]
    )
