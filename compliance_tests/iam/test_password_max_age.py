"""The account password policy must not let passwords live longer than CloudSploit's limit."""

from fixtures.analysis.password_policy import expect_max_age
from fixtures.aws.iam import PasswordPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.settings import ControlSettings, Setting

PASSWORD_MAX_AGE = Control(
    id="iam/password-max-age",
    title="Maximum Password Age",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the account password policy sets a maximum password age, and that it is"
        " no longer than {max_password_age_fail} days."
    ),
    more_info=(
        "A password that never expires stays useful to whoever learned it, for as long as"
        " the user keeps it. This control is CloudSploit's maxPasswordAge, which fails"
        " when passwords may live more than {max_password_age_fail} days; the stricter"
        " expiry of the CIS AWS Foundations v1 recommendation is iam/password-expiration."
        " NIST SP 800-63B advises against forced changes when other safeguards (MFA, breach"
        " checks) are in place: if your standard follows it, leave this control out of the"
        " run."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    recommended_action=(
        "Turn on password expiration in the account password policy with a period of"
        " {max_password_age_fail} days or fewer."
    ),
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom, select Turn on password expiration and enter"
        " {max_password_age_fail} (or fewer) days.",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --max-password-age {max_password_age_fail} (repeat the other settings you keep:"
        " the call replaces the whole policy).",
        "Tell users before the change: passwords older than the new maximum must be changed"
        " at their next sign-in.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/maxPasswordAge",)},
    settings={
        "max_password_age_fail": Setting(
            365, "most days a password may be used before it must be changed (CloudSploit)"
        ),
    },
)


@PASSWORD_MAX_AGE
def test_password_max_age(
    password_policy: PasswordPolicy, settings: ControlSettings, evidence: Evidence
) -> None:
    """The password policy exists, sets MaxPasswordAge, and it is at most the limit (days)."""
    expect_max_age(
        password_policy,
        evidence,
        settings.integer("max_password_age_fail"),
        never_expire=(
            "the password policy sets no maximum password age (MaxPasswordAge {shown});"
            " passwords must expire within {limit} days"
        ),
    )
