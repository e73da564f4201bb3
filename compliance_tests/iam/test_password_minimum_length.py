"""The account password policy must require long passwords."""

from fixtures.analysis.password_policy import expect_minimum_length
from fixtures.aws.iam import PASSWORD_LENGTHS, PasswordPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.settings import ControlSettings, Setting

PASSWORD_MINIMUM_LENGTH = Control(
    id="iam/password-minimum-length",
    title="IAM Password Policy Minimum Length",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the account password policy requires passwords of at least"
        " {min_password_length} characters."
    ),
    more_info=(
        "Length does more for a password's resistance to guessing than any other rule. IAM"
        " users' console passwords follow the account password policy; without one, AWS"
        " accepts passwords of 8 characters."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    recommended_action=(
        "Set the account password policy's minimum length to {min_password_length} or more."
    ),
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom and set Password minimum length to {min_password_length} or more.",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --minimum-password-length {min_password_length} (repeat the other settings you"
        " keep: the call replaces the whole policy).",
    ),
    # CloudSploit's minPasswordLength fails only at its own, lower limit: iam/min-password-length.
    frameworks={"cis-aws-7.0": ("2.8",)},
    settings={
        "min_password_length": Setting(
            14, "shortest password the policy may allow", bounds=PASSWORD_LENGTHS
        ),
    },
)


@PASSWORD_MINIMUM_LENGTH
def test_password_minimum_length(
    password_policy: PasswordPolicy, settings: ControlSettings, evidence: Evidence
) -> None:
    """The password policy exists and its minimum length meets the setting."""
    expect_minimum_length(password_policy, evidence, settings.integer("min_password_length"))
