"""The account password policy must require an uppercase letter in every IAM user password."""

from fixtures.analysis.password_policy import expect_character_class
from fixtures.aws.iam import PasswordPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence

PASSWORD_REQUIRES_UPPERCASE = Control(
    id="iam/password-requires-uppercase",
    title="Password Requires Uppercase",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the account password policy requires an uppercase letter in every IAM user"
        " password."
    ),
    more_info=(
        "Each required character class widens the set of possible passwords and stops the"
        " most common guesses: all lowercase words, or words followed by a year. Many"
        " standards (PCI DSS among them) expect a mix of character classes alongside a"
        " minimum length. Without a password policy IAM requires none of them. Each class"
        " is its own control, so a report shows which requirement is met and which is not."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    recommended_action="Require uppercase letters in the account password policy.",
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom and, under Password strength, select:"
        " at least one uppercase letter from the Latin alphabet (A-Z).",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --require-uppercase-characters (repeat the other settings you keep: the call replaces the"
        " whole policy).",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/passwordRequiresUppercase",)},
)


@PASSWORD_REQUIRES_UPPERCASE
def test_password_requires_uppercase(password_policy: PasswordPolicy, evidence: Evidence) -> None:
    """The password policy exists and requires an uppercase letter (RequireUppercaseCharacters)."""
    expect_character_class(
        password_policy,
        evidence,
        field="RequireUppercaseCharacters",
        required=password_policy.require_uppercase,
        character="an uppercase letter",
    )
