"""The account password policy must require every character class."""

from fixtures.controls import Control
from fixtures.evidence import Evidence
from fixtures.iam_data import PasswordPolicy
from fixtures.verdict import expect_no_violations

PASSWORD_COMPLEXITY = Control(
    id="iam/password-complexity",
    title="Password Complexity",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the account password policy requires at least one uppercase letter, one"
        " lowercase letter, one number and one symbol in every IAM user password."
    ),
    more_info=(
        "Each required character class widens the set of possible passwords and stops the"
        " most common guesses: all lowercase words, or words followed by a year. Many"
        " standards (PCI DSS among them) expect a mix of character classes alongside a"
        " minimum length. Without a password policy IAM requires none of them."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    recommended_action=(
        "Require uppercase letters, lowercase letters, numbers and symbols in the account"
        " password policy."
    ),
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom and, under Password strength, select: at least one uppercase letter,"
        " at least one lowercase letter, at least one number, at least one non-alphanumeric"
        " character.",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --require-uppercase-characters --require-lowercase-characters --require-numbers"
        " --require-symbols (repeat the other settings you keep: the call replaces the whole"
        " policy).",
        "Run this control again.",
    ),
    frameworks={
        "cloudsploit": (
            "iam/passwordRequiresLowercase",
            "iam/passwordRequiresNumbers",
            "iam/passwordRequiresSymbols",
            "iam/passwordRequiresUppercase",
        )
    },
)


@PASSWORD_COMPLEXITY
def test_password_complexity(password_policy: PasswordPolicy, evidence: Evidence) -> None:
    """The password policy exists and requires each of the four character classes."""
    requirements = (
        ("RequireUppercaseCharacters", password_policy.require_uppercase, "an uppercase letter"),
        ("RequireLowercaseCharacters", password_policy.require_lowercase, "a lowercase letter"),
        ("RequireNumbers", password_policy.require_numbers, "a number"),
        ("RequireSymbols", password_policy.require_symbols, "a symbol"),
    )
    for field, required, _ in requirements:
        evidence.record(field, str(required).lower())
    if not password_policy.exists:
        violations = [
            f"the account has no password policy, so passwords need not contain {what}"
            for _, _, what in requirements
        ]
    else:
        violations = [
            f"the password policy does not require {what} ({field}=false)"
            for field, required, what in requirements
            if not required
        ]
    expect_no_violations(violations)
