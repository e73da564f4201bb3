"""The root user is not used for administrative and daily tasks (CIS 2.7)."""

from fixtures.aws.credential_report import CredentialReportEntry
from fixtures.aws.iam_credentials import CredentialClock, root_uses_within, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

ROOT_USER_DAILY_TASKS = Control(
    id="iam/root-user-daily-tasks",
    title="Root User Not Used For Daily Tasks",
    category="IAM",
    severity="high",
    description=(
        "Ensures the root user is not in daily use: neither its password nor an access key"
        " was used within the last {root_daily_use_days} day(s)."
    ),
    more_info=(
        "Only a handful of tasks need the root user, such as changing the account's support"
        " plan or closing the account; they come up rarely. CIS 2.7 asks that root not be"
        " used for administrative and daily tasks, and its audit reads the root user's last"
        " password and access-key uses in the credential report. A use within the last"
        " {root_daily_use_days} day(s) is taken as daily use; an older one, such as a"
        " root-only task done last month, is recorded in the evidence and does not fail"
        " (CloudSploit's rootAccountInUse, which fails any use in a wider window, is"
        " iam/root-account-usage). The root user's last uses come from the credential report"
        " only: no IAM API shows them to an IAM identity. The report can be up to four hours"
        " old, so a use within those hours shows on a later run; the evidence gives the"
        " report's generation time."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html",
    recommended_action=(
        "Find out who used the root user in the last {root_daily_use_days} day(s) and why;"
        " give them an IAM Identity Center or IAM role with the permissions the task needs,"
        " and keep root for the tasks only it can do."
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
        "Run this control again once the last root use is more than {root_daily_use_days}"
        " day(s) old.",
    ),
    # CloudSploit's rootAccountInUse fails any use in its own window: iam/root-account-usage.
    frameworks={"cis-aws-7.0": ("2.7",)},
    settings={
        "root_daily_use_days": Setting(
            1,
            "days within which a use of the root user's password or access keys counts as"
            " daily use (CIS 2.7)",
        ),
    },
)


@ROOT_USER_DAILY_TASKS
def test_root_user_daily_tasks(
    root_credentials: CredentialReportEntry,
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Neither the root password nor a root access key was used within the setting's days
    (credential report password_last_used and access_key_N_last_used_date, UTC)."""
    days = settings.integer("root_daily_use_days")
    violations = [
        f"{root_credentials.arn}: {what} last used {show(when)},"
        f" {credential_clock.describe_age(when)} before this check; the root user is in"
        f" daily use when used within {days} day(s)"
        for what, when in root_uses_within(root_credentials, credential_clock, days, evidence)
    ]
    expect_no_violations(violations)
