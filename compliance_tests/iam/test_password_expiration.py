"""The account password policy must make passwords expire."""

from fixtures.analysis.password_policy import expect_max_age
from fixtures.aws.iam import PasswordPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.settings import ControlSettings, Setting

PASSWORD_EXPIRATION = Control(
    id="iam/password-expiration",
    title="Password Expiration",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the account password policy makes IAM user passwords expire after"
        " {max_password_age_days} days or fewer."
    ),
    more_info=(
        "A password that never expires stays useful to whoever learned it, for as long as"
        " the user keeps it. PCI DSS and many internal standards require periodic changes for"
        " console passwords. NIST SP 800-63B advises against forced changes when other"
        " safeguards (MFA, breach checks) are in place: if your standard follows it, raise"
        " max_password_age_days or leave this control out of the run. CloudSploit's"
        " passwordExpiration plugin carries the CIS AWS Foundations v1 recommendation 1.11,"
        " passwords that expire; its period is this control's default."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    recommended_action=(
        "Turn on password expiration in the account password policy with a period of"
        " {max_password_age_days} days or fewer."
    ),
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom, select Turn on password expiration and enter"
        " {max_password_age_days} (or fewer) days.",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --max-password-age {max_password_age_days} (repeat the other settings you keep:"
        " the call replaces the whole policy).",
        "Tell users before the change: passwords older than the new maximum must be changed"
        " at their next sign-in.",
        "Run this control again.",
    ),
    # iam/maxPasswordAge (fail above 365 days) is another requirement: iam/password-max-age.
    frameworks={"cloudsploit": ("iam/passwordExpiration",)},
    settings={
        "max_password_age_days": Setting(90, "longest time, in days, a password may be used"),
    },
)


@PASSWORD_EXPIRATION
def test_password_expiration(
    password_policy: PasswordPolicy, settings: ControlSettings, evidence: Evidence
) -> None:
    """The password policy exists and expires passwords within the configured days."""
    expect_max_age(
        password_policy,
        evidence,
        settings.integer("max_password_age_days"),
        never_expire=(
            "the password policy lets passwords never expire (MaxPasswordAge {shown});"
            " they must expire within {limit} days"
        ),
    )
