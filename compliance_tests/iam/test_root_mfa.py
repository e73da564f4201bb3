"""The root user signs in with multi-factor authentication."""

from fixtures.controls import Control
from fixtures.credential_report import CredentialReportEntry
from fixtures.evidence import Evidence
from fixtures.iam_data import AccountSummary
from fixtures.verdict import expect_no_violations

ROOT_MFA = Control(
    id="iam/root-mfa",
    title="Root MFA Enabled",
    category="IAM",
    severity="high",
    description="Ensures the root user has a multi-factor authentication device enabled.",
    more_info=(
        "Whoever signs in as the root user controls the account completely, and no IAM"
        " policy can restrain them. With MFA, a stolen or guessed root password is not"
        " enough: the sign-in also needs the device. AWS reports root MFA in two places, the"
        " credential report and the account summary; both must confirm it."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html",
    recommended_action=(
        "Sign in as the root user and register an MFA device, preferably a FIDO security key"
        " or a hardware token kept in a safe place."
    ),
    remediation_steps=(
        "Sign in to the AWS Management Console as the root user with the account's email address.",
        "Open the account menu at the top right and choose Security credentials.",
        "Under Multi-factor authentication (MFA), choose Assign MFA device.",
        "Name the device, choose its type (passkey or security key, authenticator app, or"
        " hardware TOTP token) and follow the prompts to register it.",
        "Store the device (and a second one, as a backup) where the people allowed to act as"
        " root can reach it.",
        "Run this control again. The credential report is regenerated at most every four"
        " hours, so a fresh device can take that long to show in it.",
        "Repeat for every account in the organization.",
    ),
    frameworks={"cis-aws-7.0": ("2.5",), "cloudsploit": ("iam/rootMfaEnabled",)},
)


@ROOT_MFA
def test_root_mfa(
    root_credentials: CredentialReportEntry, account_summary: AccountSummary, evidence: Evidence
) -> None:
    """The credential report shows root MFA active and the account summary agrees."""
    in_report = bool(root_credentials.flag("mfa_active"))
    in_summary = account_summary.root_mfa_enabled
    evidence.record("Root mfa_active (credential report)", str(in_report).lower())
    evidence.record("AccountMFAEnabled (iam:GetAccountSummary)", in_summary)

    violations = []
    if not in_report and not in_summary:
        violations.append(
            f"{root_credentials.arn}: MFA is not enabled (credential report mfa_active=false,"
            f" iam:GetAccountSummary AccountMFAEnabled={in_summary})"
        )
    elif not (in_report and in_summary == 1):
        violations.append(
            f"{root_credentials.arn}: the sources disagree, so root MFA is not confirmed:"
            f" credential report mfa_active={str(in_report).lower()}, iam:GetAccountSummary"
            f" AccountMFAEnabled={in_summary}. The credential report can be up to four hours"
            " old: check the root user's MFA devices in the console and run again later"
        )
    expect_no_violations(violations)
