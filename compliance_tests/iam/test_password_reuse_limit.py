"""The account password policy must refuse a user's recent passwords (CloudSploit's threshold)."""

from fixtures.analysis.password_policy import expect_reuse_prevention
from fixtures.aws.iam import PASSWORD_REUSE_COUNTS, PasswordPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.settings import ControlSettings, Setting

PASSWORD_REUSE_LIMIT = Control(
    id="iam/password-reuse-limit",
    title="Password Reuse Prevention",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the account password policy remembers at least the last"
        " {password_reuse_fail} passwords of each IAM user and refuses them as new passwords."
    ),
    more_info=(
        "A forced or voluntary password change only helps if the new password is new. When"
        " IAM remembers earlier passwords, a user cannot switch back to one that may already"
        " sit in a breach list or a colleague's notes. Without a policy, or with the option"
        " unset, IAM remembers none. This control is CloudSploit's passwordReusePrevention,"
        " which fails below {password_reuse_fail} remembered passwords; CIS 2.9's"
        " {password_reuse_prevention} is iam/password-reuse-prevention, and the advice below"
        " follows it."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    recommended_action=(
        "Set the account password policy to prevent reuse of the last"
        " {password_reuse_prevention} passwords (CIS 2.9); this control fails below"
        " {password_reuse_fail}."
    ),
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom, select Prevent password reuse and enter {password_reuse_prevention}"
        " as the number of remembered passwords.",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --password-reuse-prevention {password_reuse_prevention} (repeat the other settings"
        " you keep: the call replaces the whole policy).",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/passwordReusePrevention",)},
    settings={
        "password_reuse_fail": Setting(
            5,
            "fewest earlier passwords the policy must refuse (CloudSploit); IAM allows 1 to 24",
            bounds=PASSWORD_REUSE_COUNTS,
        ),
        # Only in the advice: the number CIS 2.9 asks for (iam/password-reuse-prevention).
        "password_reuse_prevention": Setting(
            24,
            "how many earlier passwords the policy must refuse; IAM allows 1 to 24",
            bounds=PASSWORD_REUSE_COUNTS,
        ),
    },
)


@PASSWORD_REUSE_LIMIT
def test_password_reuse_limit(
    password_policy: PasswordPolicy, settings: ControlSettings, evidence: Evidence
) -> None:
    """The password policy exists and remembers at least the configured number of passwords."""
    expect_reuse_prevention(password_policy, evidence, settings.integer("password_reuse_fail"))
