"""People work through federated roles, not through IAM users every day."""

from fixtures.aws.iam_credentials import CredentialClock, KeyLastUse, UserCredentials, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

USER_ACCOUNTS_NOT_IN_DAILY_USE = Control(
    id="iam/user-accounts-not-in-daily-use",
    title="IAM User Account In Use",
    category="IAM",
    severity="medium",
    description=(
        "Ensures no IAM user's password or access key was used within the last"
        " {iam_user_in_use_days} days, so that everyday access goes through federated roles."
    ),
    more_info=(
        "An IAM user carries long-lived credentials: a password and access keys that work"
        " until someone removes them, from anywhere, and that must be managed account by"
        " account. Signing in through an identity provider (IAM Identity Center or SAML/OIDC"
        " federation) and assuming roles gives people short-lived credentials instead,"
        " bound to the company directory, so leaving the company or losing a laptop ends"
        " access everywhere at once. IAM users then remain for the rare cases that need"
        " them (break-glass access, tools that cannot assume roles) and show no daily use."
        " A finding here is a prompt to move that person or workload to a role."
        " Password last use (iam:ListUsers) and each key's last use (iam:GetAccessKeyLastUsed)"
        " are read live, once per run, not taken from the credential report (up to four"
        " hours old)."
        " For 1,000 users with a key each that is about 4,000 requests: three per user and"
        " one per key (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html",
    recommended_action=(
        "Give the people behind IAM users used within the last {iam_user_in_use_days} days"
        " access through IAM Identity Center or"
        " another identity provider and roles, and workloads through roles; then remove the"
        " users' passwords and keys."
    ),
    remediation_steps=(
        "List the users the evidence names with their last password and key use, and find"
        " out who or what uses each one.",
        "For people: set up IAM Identity Center (or SAML/OIDC federation with your identity"
        " provider) and give each person a permission set or role matching the user's"
        " current permissions.",
        "For workloads: give them an IAM role (instance profile, task or execution role, IAM"
        " Roles Anywhere, or OIDC federation for CI) instead of access keys.",
        "Once the replacement works, remove the user's console password and deactivate its"
        " access keys, then delete the user.",
        "Users that must stay (break-glass access) should show no use during normal"
        " operation; run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamUserInUse",)},
    settings={
        "iam_user_in_use_days": Setting(
            15,
            "days within which any use of an IAM user's password or access keys fails"
            " (people should sign in through federation and roles)",
        ),
    },
)


@USER_ACCOUNTS_NOT_IN_DAILY_USE
def test_user_accounts_not_in_daily_use(
    iam_user_credentials: tuple[UserCredentials, ...],
    iam_key_last_use: dict[str, KeyLastUse],
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """No user's password or access key (active or not) was used within the setting's days."""
    days = settings.integer("iam_user_in_use_days")
    violations = []
    for user in iam_user_credentials:
        recent = [
            f"{what} last used {show(when)}"
            for what, when in user.uses(iam_key_last_use)
            if credential_clock.within(when, days)
        ]
        if recent:
            violations.append(
                f"{user.arn}: used within {days} days before this check: {'; '.join(recent)}"
            )
    evidence.record("Users used within the setting's days", len(violations))
    expect_no_violations(violations)
