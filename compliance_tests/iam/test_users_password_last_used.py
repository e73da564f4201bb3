"""IAM users' console passwords are used, or removed (CloudSploit's threshold, a setting)."""

from fixtures.aws.iam_credentials import CredentialClock, UserCredentials, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

USERS_PASSWORD_LAST_USED = Control(
    id="iam/users-password-last-used",
    title="Users Password Last Used",
    category="IAM",
    severity="medium",
    description=(
        "Ensures no IAM user keeps a console password that has gone unused for more than"
        " {users_password_last_used_fail} days."
    ),
    more_info=(
        "A console password nobody signs in with still opens the console to whoever learns"
        " it, and its owner would not notice. This control looks at console passwords only;"
        " access keys have their own control. A password never used counts from the day it"
        " was set. Whether a user has a password (iam:GetLoginProfile) and when it was last"
        " used (iam:ListUsers PasswordLastUsed) are read live, once per run; when it was last"
        " changed comes from the credential report, the only source of that date."
        " For 1,000 users that is about 3,000 requests (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
    recommended_action=(
        "Remove each console password unused for more than {users_password_last_used_fail}"
        " days after checking with its owner."
    ),
    remediation_steps=(
        "Open the IAM console, choose Users and open each user the evidence names.",
        "On the Security credentials tab, check Console sign-in: the last sign-in shown"
        " matches the evidence.",
        "Choose Manage console access, then Disable access (CLI: aws iam delete-login-profile"
        " --user-name NAME).",
        "If the person still needs the console, give them access through IAM Identity Center"
        " or another identity provider instead.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/usersPasswordLastUsed",)},
    settings={
        "users_password_last_used_fail": Setting(
            180, "days after which a console password that has not been used fails"
        ),
    },
)


@USERS_PASSWORD_LAST_USED
def test_users_password_last_used(
    iam_user_credentials: tuple[UserCredentials, ...],
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Every console password was used (or set) no more than the setting's days ago."""
    days = settings.integer("users_password_last_used_fail")
    with_password = [user for user in iam_user_credentials if user.password_enabled]
    violations = []
    for user in with_password:
        last_used = user.password_last_used
        when = last_used or user.password_set_at
        if credential_clock.older_than(when, days):
            what = (
                f"last used on {show(last_used)}"
                if last_used
                else f"never used since it was set on {show(user.password_set_at)}"
            )
            violations.append(
                f"{user.arn}: console password {what}, {credential_clock.describe_age(when)}"
                f" before this check; the limit is {days} days"
            )
    evidence.record("Users with a console password", len(with_password))
    evidence.record("Unused for more than the setting's days", len(violations))
    expect_no_violations(violations)
