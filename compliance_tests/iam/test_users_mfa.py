"""Every IAM user who can sign in to the console has MFA."""

from fixtures.aws.iam_credentials import UserCredentials, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

USERS_MFA = Control(
    id="iam/users-mfa",
    title="Users MFA Enabled",
    category="IAM",
    severity="high",
    description="Ensures every IAM user with a console password has an MFA device enabled.",
    more_info=(
        "A console password alone falls to phishing, reuse from another breach or guessing."
        " With MFA the attacker also needs the user's device. Users without a console"
        " password cannot sign in to the console, so this control leaves them aside. What"
        " decides is the live state: each user's console password (iam:GetLoginProfile) and"
        " MFA devices (iam:ListMFADevices), read once per run; the credential report, which"
        " AWS reuses for up to four hours, is shown beside it where it differs. For 1,000"
        " users that is about 3,000 requests (see README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html",
    recommended_action=(
        "Have each listed user register an MFA device, or remove their console password if"
        " they do not need the console."
    ),
    remediation_steps=(
        "Open the IAM console and choose Users; the evidence lists each user without MFA.",
        "If the user does not need the console, open the user's Security credentials tab,"
        " choose Manage console access, then Disable access.",
        "Otherwise ask the user to sign in and register a device: account menu, Security"
        " credentials, Assign MFA device (a passkey or security key is the strongest choice).",
        "An administrator can assign a device for a user from the same tab in the IAM"
        " console, with the device at hand.",
        "To keep new users from working without MFA, attach a policy that denies actions"
        " when aws:MultiFactorAuthPresent is false, except those needed to set MFA up.",
        "Run this control again once every listed user has MFA.",
    ),
    frameworks={"cis-aws-7.0": ("2.10",), "cloudsploit": ("iam/usersMfaEnabled",)},
)


@USERS_MFA
def test_users_mfa(iam_user_credentials: tuple[UserCredentials, ...], evidence: Evidence) -> None:
    """Every user who has a console password now has an MFA device now."""
    console_users = [user for user in iam_user_credentials if user.password_enabled]
    without_mfa = [user for user in console_users if not user.mfa_active]
    evidence.record("Users with a console password", len(console_users))
    evidence.record("Of them without MFA", len(without_mfa))
    expect_no_violations(
        [
            f"{user.arn}: console password enabled without MFA (password last used"
            f" {show(user.password_last_used)})"
            for user in without_mfa
        ]
    )
