"""The root user was not used recently (CloudSploit's rootAccountInUse, a setting's days)."""

from fixtures.aws.credential_report import CredentialReportEntry
from fixtures.aws.iam_credentials import CredentialClock, root_uses_within, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

ROOT_ACCOUNT_USAGE = Control(
    id="iam/root-account-usage",
    title="Root Account In Use",
    category="IAM",
    severity="high",
    description=(
        "Ensures the root user has not signed in with its password or used an access key"
        " within the last {root_account_in_use_days} days."
    ),
    more_info=(
        "Only a handful of tasks need the root user, such as changing the account's support"
        " plan or closing the account. Recent root activity suggests people use it for daily"
        " administration, which exposes the one identity IAM cannot restrict and leaves"
        " actions without a personal name in the audit trail. A sign-in nobody expected may"
        " also be the first sign that the root password has leaked. This control is"
        " CloudSploit's rootAccountInUse, which fails any root use within its window; CIS"
        " 2.7, root not in daily use, is iam/root-user-daily-tasks. The root user's last"
        " uses come from the credential report only: no IAM API shows them to an IAM"
        " identity. The report can be up to four hours old, so a use within those hours"
        " shows on a later run; the evidence gives the report's generation time."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html",
    recommended_action=(
        "Find out who used the root user and why; give them an IAM Identity Center or IAM"
        " role with the permissions the task needs, and keep root for the tasks only it can do."
    ),
    remediation_steps=(
        "Read the dates in the evidence: password sign-in and access-key use of the root user.",
        "In CloudTrail (Event history), filter on User name root around those dates to see"
        " what was done and from where.",
        "If nobody can account for the activity, treat it as a compromise: change the root"
        " password, check its MFA devices and delete any root access key at once.",
        "Otherwise give the people involved a role (IAM Identity Center permission set or IAM"
        " role) that covers the work, and agree that root is reserved for the tasks AWS lists"
        " as needing it.",
        "Delete root access keys that automation used, after moving that automation to a role.",
        "Run this control again once the last root use is more than"
        " {root_account_in_use_days} days old.",
    ),
    # CIS 2.7 asks that root not be in daily use: iam/root-user-daily-tasks.
    frameworks={"cloudsploit": ("iam/rootAccountInUse",)},
    settings={
        "root_account_in_use_days": Setting(
            15, "days within which any use of the root user's password or access keys fails"
        ),
    },
)


@ROOT_ACCOUNT_USAGE
def test_root_account_usage(
    root_credentials: CredentialReportEntry,
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Neither the root password nor a root access key was used within the setting's days."""
    days = settings.integer("root_account_in_use_days")
    violations = [
        f"{root_credentials.arn}: {what} last used {show(when)},"
        f" {credential_clock.days(when)} day(s) before this check; the root user"
        f" must not be used within {days} days"
        for what, when in root_uses_within(root_credentials, credential_clock, days, evidence)
    ]
    expect_no_violations(violations)
