"""People reach the account through a central identity source, not local IAM users."""

from fixtures.aws.account import IdentitySources
from fixtures.aws.iam_credentials import UserCredentials
from fixtures.aws.organizations import Organization
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.inputs import AttestationCheck

CENTRALIZED_USER_MANAGEMENT = Control(
    id="iam/centralized-user-management",
    title="Users Managed Centrally",
    category="IAM",
    severity="medium",
    description=(
        "Ensures people sign in through identity federation or IAM Identity Center rather"
        " than as IAM users of each account; a person attests that any remaining IAM users"
        " are justified, with the account's identity sources and IAM users as evidence."
    ),
    more_info=(
        "IAM users are local to one account: each has its own password, keys and MFA, and"
        " each must be removed by hand when its owner leaves. Across many accounts that"
        " becomes many forgotten logins. With a central identity provider, federated through"
        " IAM Identity Center or a SAML or OIDC provider, people get short-lived role sessions,"
        " and disabling one identity ends access everywhere. Some IAM users may still be"
        " justified (break-glass access, a tool that cannot assume roles); that is a"
        " judgement, so this control gathers the evidence and asks for an attestation."
        " Each user's console password (iam:GetLoginProfile), access keys"
        " (iam:ListAccessKeys) and MFA devices (iam:ListMFADevices) are read live, once per"
        " run, not taken from the credential report, which AWS reuses for up to four hours:"
        " about 3,000 requests for 1,000 users (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html",
    recommended_action=(
        "Give people access through IAM Identity Center or an identity provider federated"
        " with IAM, remove the IAM users they used, then record an attestation for any IAM"
        " user that remains."
    ),
    remediation_steps=(
        "Enable IAM Identity Center in the organization's management account (or delegate"
        " it), connect your identity provider or directory, and create permission sets for"
        " the access people need; for a standalone account, create a SAML or OIDC identity"
        " provider in IAM and roles that trust it.",
        "Assign people and groups to accounts with those permission sets and have them sign"
        " in through the access portal.",
        "For each IAM user in the evidence, confirm its owner now signs in centrally, then"
        " delete its console password (aws iam delete-login-profile --user-name NAME) and"
        " access keys, and finally the user.",
        "For each IAM user that must stay, note why; have the account owner add an"
        " [[attestation]] for this control and account to attestations.toml that names"
        " them, with an expiry date for the next review.",
    ),
    frameworks={"cis-aws-7.0": ("2.19",)},
)


@CENTRALIZED_USER_MANAGEMENT
def test_centralized_user_management(
    organization: Organization,
    identity_sources: IdentitySources,
    iam_user_credentials: tuple[UserCredentials, ...],
    attestation: AttestationCheck,
    evidence: Evidence,
) -> None:
    """No IAM users at all passes; otherwise a person judges the remaining IAM users
    against the identity sources the evidence shows."""
    users = iam_user_credentials
    with_password = [u.name for u in users if u.password_enabled]
    evidence.record("IAM users", len(users))
    evidence.record("IAM users with a console password", ", ".join(with_password) or "none")
    evidence.record(
        "IAM users without a console password",
        ", ".join(u.name for u in users if not u.password_enabled) or "none",
    )
    if organization.id is not None and not organization.is_management_account:
        evidence.record(
            "Note",
            "a member account does not see the organization's IAM Identity Center instance;"
            f" check it in the management account {organization.management_account_id}",
        )
    if not users:
        return  # nobody signs in as an IAM user: access can only come through federation
    attestation.require()
