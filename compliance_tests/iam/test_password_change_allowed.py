"""The account password policy must let IAM users change their own passwords."""

from fixtures.aws.iam import PasswordPolicy
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

PASSWORD_CHANGE_ALLOWED = Control(
    id="iam/password-change-allowed",
    title="Users Can Change Their Passwords",
    category="IAM",
    severity="medium",
    description=(
        "Ensures the account password policy allows IAM users to change their own console"
        " passwords."
    ),
    more_info=(
        "A user who suspects a password has been seen, or who received it from an"
        " administrator, should be able to replace it at once. When the policy does not allow"
        " it, only someone with IAM administration rights can change the password, which"
        " delays the fix and encourages sharing passwords with administrators."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_enable-user-change.html",
    recommended_action="Allow users to change their own password in the account password policy.",
    remediation_steps=(
        "Sign in to the AWS Management Console and open the IAM console.",
        "In the navigation pane choose Account settings, then Password policy, then Edit.",
        "Choose Custom and, under Other requirements, select Allow users to change their own"
        " password.",
        "Save changes. With the CLI: aws iam update-account-password-policy"
        " --allow-users-to-change-password (repeat the other settings you keep: the call"
        " replaces the whole policy).",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/policyAllowsToChangePassword",)},
)


@PASSWORD_CHANGE_ALLOWED
def test_password_change_allowed(password_policy: PasswordPolicy, evidence: Evidence) -> None:
    """The password policy exists and sets AllowUsersToChangePassword."""
    allowed = password_policy.allow_users_to_change
    evidence.record("AllowUsersToChangePassword", str(allowed).lower())
    if not password_policy.exists:
        violations = [
            "the account has no password policy, so AllowUsersToChangePassword is not set:"
            " IAM users may change their own passwords only where an IAM policy allows it"
        ]
    elif not allowed:
        violations = [
            "the password policy does not allow IAM users to change their own passwords"
            " (AllowUsersToChangePassword=false)"
        ]
    else:
        violations = []
    expect_no_violations(violations)
