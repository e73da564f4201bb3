"""The root user signs in with multi-factor authentication."""

from fixtures.aws.credential_report import CredentialReportEntry
from fixtures.aws.iam import NO_ROOT_CREDENTIALS, AccountSummary, RootSignIn
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

ROOT_MFA = Control(
    id="iam/root-mfa",
    title="Root MFA Enabled",
    category="IAM",
    severity="high",
    description="Ensures the root user has a multi-factor authentication device enabled.",
    more_info=(
        "Whoever signs in as the root user controls the account completely, and no IAM"
        " policy can restrain them. With MFA, a stolen or guessed root password is not"
        " enough: the sign-in also needs the device. The account summary"
        " (iam:GetAccountSummary AccountMFAEnabled) is live and decides; the credential"
        " report's root row, which can be up to four hours old, is shown beside it. A root"
        " user with no password, access key or signing certificate (the state centralized"
        " root access leaves in a member account) cannot sign in at all, so there is no"
        " sign-in for MFA to protect: that passes, with the reason in the evidence. Password"
        " recovery by email stays possible unless centralized root access blocks it, which"
        " CIS 2.1.1 (organizations/centralized-root-access) checks."
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
        "Run this control again: the account summary shows the new device at once.",
        "Repeat for every account in the organization.",
    ),
    frameworks={"cis-aws-7.0": ("2.5",), "cloudsploit": ("iam/rootMfaEnabled",)},
)


@ROOT_MFA
def test_root_mfa(
    root_credentials: CredentialReportEntry,
    account_summary: AccountSummary,
    root_sign_in: RootSignIn,
    evidence: Evidence,
) -> None:
    """Root MFA is enabled by the account summary (live), or the root user has no
    credential to sign in with."""
    in_report = bool(root_credentials.flag("mfa_active"))
    in_summary = account_summary.root_mfa_enabled
    evidence.record("AccountMFAEnabled (iam:GetAccountSummary, live)", in_summary)
    evidence.record("Root mfa_active (credential report)", str(in_report).lower())
    if in_summary == 1:
        evidence.record(
            "Decided by",
            "iam:GetAccountSummary AccountMFAEnabled=1 (live)"
            + ("" if in_report else "; the credential report is older and says false"),
        )
        return
    if not root_sign_in.possible:
        evidence.record("Decided by", NO_ROOT_CREDENTIALS)
        return
    evidence.record("Decided by", "iam:GetAccountSummary AccountMFAEnabled (live)")
    expect_no_violations(
        [
            f"{root_credentials.arn}: MFA is not enabled (iam:GetAccountSummary"
            f" AccountMFAEnabled={in_summary}; credential report"
            f" mfa_active={str(in_report).lower()}) and the root user can sign in"
            f" ({root_sign_in.describe()})"
        ]
    )
