"""The root user must not own access keys."""

from fixtures.aws.credential_report import CredentialReportEntry
from fixtures.aws.iam import AccountSummary
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

ROOT_ACCESS_KEYS = Control(
    id="iam/root-access-keys",
    title="Root Access Keys",
    category="IAM",
    severity="high",
    description="Ensures the root user owns no access keys, active or inactive.",
    more_info=(
        "The root user can do anything in the account, and AWS cannot limit it with IAM"
        " policies. An access key for it is a long-lived secret with that power: once it leaks"
        " from a laptop, a CI variable or a repository, whoever holds it owns the account."
        " Day-to-day and automated work belongs to IAM roles or users with only the"
        " permissions they need. CIS counts inactive root keys as a finding too, because"
        " anyone who can sign in as root can switch them back on. The account summary"
        " (iam:GetAccountSummary AccountAccessKeysPresent) is live and decides; the"
        " credential report's root row, up to four hours old, only adds each key's dates."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html",
    recommended_action=(
        "Delete every root access key; give people and automation IAM roles or users with"
        " least-privilege permissions instead."
    ),
    remediation_steps=(
        "Before deleting, find what uses the key: the evidence shows when and where each key"
        " was last used; move that workload to an IAM role.",
        "Sign in to the AWS Management Console as the root user of the account.",
        "Open the account menu at the top right and choose Security credentials.",
        "Under Access keys, note each key's status and last use.",
        "For each key, choose Actions, then Deactivate, and confirm.",
        "Watch for failures for a while, then choose Actions, then Delete, enter the access key"
        " ID and confirm.",
        "Run this control again: it passes once the account summary reports no root keys.",
        "Repeat for every account in the organization.",
    ),
    frameworks={"cis-aws-7.0": ("2.4",), "cloudsploit": ("iam/rootAccessKeys",)},
)


@ROOT_ACCESS_KEYS
def test_root_access_keys(
    root_credentials: CredentialReportEntry, account_summary: AccountSummary, evidence: Evidence
) -> None:
    """The account summary (live) counts no root access keys at all, inactive ones
    included; the credential report's root row names the keys and their dates."""
    for key in root_credentials.access_keys:
        evidence.record(
            f"Root access key {key.slot}",
            f"active={str(key.active).lower()}, last rotated {key.last_rotated_text},"
            f" last used {key.last_used_text}",
        )
    evidence.record("AccountAccessKeysPresent", account_summary.root_access_keys_present)
    if not account_summary.root_access_keys_present:
        stale = [key.slot for key in root_credentials.access_keys if key.active]
        evidence.record(
            "Decided by",
            "iam:GetAccountSummary (live): no root access keys"
            + (f"; the older credential report still shows key(s) {stale} active" if stale else ""),
        )
        return

    violations = [
        f"{root_credentials.arn}: access key {key.slot} is active"
        f" (last rotated {key.last_rotated_text}, last used {key.last_used_text})"
        for key in root_credentials.access_keys
        if key.active
    ]
    if account_summary.root_access_keys_present:
        violations.append(
            f"{root_credentials.arn}: iam:GetAccountSummary reports AccountAccessKeysPresent="
            f"{account_summary.root_access_keys_present}; the root user owns access keys"
            " (inactive keys count too)"
        )
    expect_no_violations(violations)
