"""No IAM user has both a console password and an active access key."""

import re

from fixtures.aws.iam_credentials import UserCredentials
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import Setting, regular_expression

USERS_PASSWORD_AND_KEYS = Control(
    id="iam/users-password-and-keys",
    title="Users Password And Keys",
    category="IAM",
    severity="high",
    description="Ensures no IAM user holds both a console password and an active access key.",
    more_info=(
        "A person signs in to the console; a program calls the API with an access key. A"
        " user with both mixes the two: the person's keys end up in scripts, or a machine"
        " identity gains a password someone can sign in with, and either credential grants"
        " everything the user can do. Keeping people and machines apart, and giving each only"
        " the credential it needs, halves what a leak exposes and makes ownership clear."
        " Each user's console password (iam:GetLoginProfile), access keys"
        " (iam:ListAccessKeys) and MFA devices (iam:ListMFADevices) are read live, once per"
        " run, not taken from the credential report, which AWS reuses for up to four hours:"
        " about 3,000 requests for 1,000 users (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    recommended_action=(
        "For people, remove the access keys (use the console, or short-lived CLI credentials"
        " from IAM Identity Center); for machine users, remove the console password."
    ),
    remediation_steps=(
        "Open the IAM console, choose Users and open each user the evidence names.",
        "Decide whether the user is a person or a workload.",
        "For a person: on the Security credentials tab deactivate, then delete, the access"
        " keys; give CLI access through IAM Identity Center (aws sso login) instead.",
        "For a workload: choose Manage console access, then Disable access (CLI: aws iam"
        " delete-login-profile --user-name NAME); better, move it to an IAM role.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/usersPasswordAndKeys",)},
    settings={
        "iam_machine_username_regex": Setting(
            "^.*$",
            "regular expression (Python syntax); only IAM users whose names match it in full"
            " are checked. The default matches every user, so nobody may hold both a console"
            " password and an active access key; narrow it (e.g. ^svc-.*$) only to check just"
            " the users your naming convention marks as machines",
            check=regular_expression,
        ),
    },
)


@USERS_PASSWORD_AND_KEYS
def test_users_password_and_keys(
    iam_user_credentials: tuple[UserCredentials, ...],
    machine_username_pattern: re.Pattern[str],
    evidence: Evidence,
) -> None:
    """No checked user (name matching the setting) has a password and an active key."""
    checked = [
        user for user in iam_user_credentials if machine_username_pattern.fullmatch(user.name)
    ]
    both = [user for user in checked if user.password_enabled and user.active_keys]
    evidence.record("Users checked (name matches the pattern)", len(checked))
    evidence.record("Users with a console password and an active access key", len(both))
    expect_no_violations(
        [
            f"{user.arn}: console password enabled and active access key(s)"
            f" {', '.join(key.id for key in user.active_keys)}"
            for user in both
        ]
    )
