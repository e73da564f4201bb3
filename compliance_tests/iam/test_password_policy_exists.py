"""The account must have a password policy of its own."""

from fixtures.aws.iam import PASSWORD_LENGTHS, PASSWORD_REUSE_COUNTS, PasswordPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import Setting

PASSWORD_POLICY_EXISTS = Control(
    id="iam/password-policy-exists",
    title="Password Policy Exists",
    category="IAM",
    severity="medium",
    description="Ensures the account has a custom IAM password policy.",
    more_info=(
        "Without a custom policy, IAM users' console passwords only have to follow AWS's"
        " minimal default: 8 characters, no character classes, no expiry and no protection"
        " against reuse. Every stronger password rule the organization relies on must be"
        " written into the account's own password policy."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
    recommended_action=(
        "Create a custom password policy for the account that meets your password standard."
    ),
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom and set the rules of your standard: at least {min_password_length}"
        " characters, the character classes you require, reuse prevention and, if your"
        " standard asks, a maximum age.",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --minimum-password-length {min_password_length} --password-reuse-prevention"
        " {password_reuse_prevention} (add the other options you need).",
        "Run this control again, and the other password policy controls.",
    ),
    frameworks={"cloudsploit": ("iam/passwordPolicyExists",)},
    # Only in the advice: the values CIS 2.8 and 2.9 ask for (iam/password-minimum-length,
    # iam/password-reuse-prevention); the verdict reads none of them.
    settings={
        "min_password_length": Setting(
            14, "shortest password the policy may allow", bounds=PASSWORD_LENGTHS
        ),
        "password_reuse_prevention": Setting(
            24,
            "how many earlier passwords the policy must refuse; IAM allows 1 to 24",
            bounds=PASSWORD_REUSE_COUNTS,
        ),
    },
)


@PASSWORD_POLICY_EXISTS
def test_password_policy_exists(password_policy: PasswordPolicy, evidence: Evidence) -> None:
    """iam:GetAccountPasswordPolicy returns a policy rather than NoSuchEntity."""
    if password_policy.exists:
        evidence.record("MinimumPasswordLength", password_policy.minimum_length)
    expect_no_violations(
        []
        if password_policy.exists
        else [
            "the account has no IAM password policy (NoSuchEntity): AWS's default applies,"
            " 8 characters with no other rule"
        ]
    )
