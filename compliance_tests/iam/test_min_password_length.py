"""The account password policy must not allow short passwords (CloudSploit's threshold)."""

from fixtures.analysis.password_policy import expect_minimum_length
from fixtures.aws.iam import PASSWORD_LENGTHS, PasswordPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.settings import ControlSettings, Setting

MIN_PASSWORD_LENGTH = Control(
    id="iam/min-password-length",
    title="Minimum Password Length",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the account password policy requires passwords of at least"
        " {min_password_length_fail} characters."
    ),
    more_info=(
        "Length does more for a password's resistance to guessing than any other rule. IAM"
        " users' console passwords follow the account password policy; without one, AWS"
        " accepts passwords of 8 characters. This control is CloudSploit's minPasswordLength,"
        " which fails below {min_password_length_fail} characters; CIS 2.8's minimum of"
        " {min_password_length} is iam/password-minimum-length, and the advice below follows"
        " it."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    recommended_action=(
        "Set the account password policy's minimum length to {min_password_length} or more"
        " (CIS 2.8); this control fails below {min_password_length_fail}."
    ),
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom and set Password minimum length to {min_password_length} or more.",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --minimum-password-length {min_password_length} (repeat the other settings you"
        " keep: the call replaces the whole policy).",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/minPasswordLength",)},
    settings={
        "min_password_length_fail": Setting(
            10,
            "shortest password the policy may allow before this control fails (CloudSploit)",
            bounds=PASSWORD_LENGTHS,
        ),
        # Only in the advice: the length CIS 2.8 asks for (iam/password-minimum-length).
        "min_password_length": Setting(
            14, "shortest password the policy may allow", bounds=PASSWORD_LENGTHS
        ),
    },
)


@MIN_PASSWORD_LENGTH
def test_min_password_length(
    password_policy: PasswordPolicy, settings: ControlSettings, evidence: Evidence
) -> None:
    """The password policy exists and its minimum length (characters) meets the setting."""
    expect_minimum_length(password_policy, evidence, settings.integer("min_password_length_fail"))
