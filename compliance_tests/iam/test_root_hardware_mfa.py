"""The root user's MFA is a hardware device, not a virtual one."""

from fixtures.aws.iam import NO_ROOT_CREDENTIALS, AccountSummary, RootSignIn
from fixtures.aws.iam_credentials import VirtualMfaDevice, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

ROOT_HARDWARE_MFA = Control(
    id="iam/root-hardware-mfa",
    title="Root Hardware MFA",
    category="IAM",
    severity="high",
    description=(
        "Ensures the root user has MFA enabled and that none of its MFA devices is a virtual"
        " (authenticator app) device."
    ),
    more_info=(
        "A virtual MFA device lives on a phone or a computer that is also used for mail,"
        " browsing and apps, and its secret can be copied or restored from a backup. A"
        " FIDO security key or a hardware TOTP token keeps the secret in dedicated hardware"
        " that can be locked away, which suits a credential as powerful as the root user's."
        " A virtual device registered next to a hardware one still opens the account, so it"
        " counts as a finding too. A device is the root user's when AWS assigns it to the"
        " root user (iam:ListVirtualMFADevices User.Arn), whatever its name. A root user with"
        " no password, access key or signing certificate cannot sign in, so this passes"
        " with that reason (password recovery by email is for centralized root access,"
        " CIS 2.1.1, to block)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_physical.html",
    recommended_action=(
        "Register a FIDO security key or hardware TOTP token for the root user, then remove"
        " the root user's virtual MFA device."
    ),
    remediation_steps=(
        "Obtain a FIDO security key or a hardware TOTP token (two, so one can be kept as a"
        " backup).",
        "Sign in to the AWS Management Console as the root user.",
        "Open the account menu at the top right and choose Security credentials.",
        "Under Multi-factor authentication (MFA), choose Assign MFA device, pick Passkey or"
        " security key (or Hardware TOTP token) and follow the prompts.",
        "Sign out and sign in again with the new device to prove it works.",
        "Back under Multi-factor authentication (MFA), select the virtual device (the"
        " evidence names its serial number) and choose Remove.",
        "Lock the hardware devices away and record who may use them; run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("2.6",), "cloudsploit": ("iam/rootHardwareMfa",)},
)


@ROOT_HARDWARE_MFA
def test_root_hardware_mfa(
    account_summary: AccountSummary,
    root_sign_in: RootSignIn,
    assigned_virtual_mfa_devices: tuple[VirtualMfaDevice, ...],
    root_user_arn: str,
    evidence: Evidence,
) -> None:
    """Root MFA is enabled and no assigned virtual MFA device is assigned to the root user
    (by AWS's assignment, never by the device's name), or the root user has no credential
    to sign in with."""
    root_devices = [
        device for device in assigned_virtual_mfa_devices if device.assigned_to(root_user_arn)
    ]
    evidence.record("AccountMFAEnabled (iam:GetAccountSummary)", account_summary.root_mfa_enabled)
    evidence.record(
        "Virtual MFA devices assigned to the root user (iam:ListVirtualMFADevices User.Arn)",
        ", ".join(device.serial_number for device in root_devices) or "none",
    )
    if not root_sign_in.possible:
        evidence.record("Decided by", NO_ROOT_CREDENTIALS)
        return

    violations = []
    if account_summary.root_mfa_enabled != 1:
        violations.append(
            f"{root_user_arn}: no MFA device at all (iam:GetAccountSummary AccountMFAEnabled="
            f"{account_summary.root_mfa_enabled}) and the root user can sign in"
            f" ({root_sign_in.describe()})"
        )
    violations += [
        f"{root_user_arn}: virtual MFA device {device.serial_number} (enabled"
        f" {show(device.enabled_at, 'at an unknown date')}); a hardware device is required"
        for device in root_devices
    ]
    expect_no_violations(violations)
