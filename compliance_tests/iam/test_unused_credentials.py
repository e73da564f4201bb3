"""IAM users' passwords and access keys left unused are disabled."""

from datetime import datetime

from fixtures.aws.iam_credentials import CredentialClock, KeyLastUse, UserCredentials, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

UNUSED_CREDENTIALS = Control(
    id="iam/unused-credentials",
    title="Unused Credentials Disabled",
    category="IAM",
    severity="medium",
    description=(
        "Ensures no IAM user keeps a console password or an active access key that has gone"
        " unused for {unused_credentials_days} days."
    ),
    more_info=(
        "A credential nobody uses protects nothing and can still be stolen: it belongs to"
        " someone who left, a project that ended or a script long gone, and nobody would"
        " notice it being used by someone else. Disabling it removes that risk, and the owner"
        " can ask for it again. A credential that was never used counts from the day it was"
        " created. The root user's credentials are covered by other controls. Console"
        " passwords (iam:GetLoginProfile), their last use (iam:ListUsers), access keys"
        " (iam:ListAccessKeys) and their last use (iam:GetAccessKeyLastUsed) are read live,"
        " once per run; when a password was last changed comes from the credential report."
        " For 1,000 users with a key each that is about 4,000 requests: three per user and"
        " one per key (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
    recommended_action=(
        "Remove the console passwords and deactivate (then delete) the access keys unused for"
        " {unused_credentials_days} days or more, after checking with their owners."
    ),
    remediation_steps=(
        "Open the IAM console, choose Users and open each user the evidence names.",
        "On the Security credentials tab, check Console sign-in and Access keys: the last use"
        " shown matches the dates in the evidence.",
        "For a stale console password choose Manage console access, then Disable access"
        " (CLI: aws iam delete-login-profile --user-name NAME).",
        "For a stale access key choose Actions, then Deactivate (CLI: aws iam"
        " update-access-key --user-name NAME --access-key-id KEY --status Inactive).",
        "After a waiting period with no complaints, delete the deactivated keys (aws iam"
        " delete-access-key) and users that have no credentials left.",
        "Run this control again.",
    ),
    # CloudSploit's plugins on unused credentials have their own requirements (180 and 90
    # days, one credential type each): test_access_keys_last_used.py,
    # test_users_password_last_used.py and test_user_not_in_use.py give them their verdicts.
    frameworks={"cis-aws-7.0": ("2.11",)},
    settings={
        "unused_credentials_days": Setting(
            45, "days after which an unused console password or active access key fails"
        ),
    },
)


def _stale(
    clock: CredentialClock, days: int, last_used: datetime | None, since: datetime, what: str
) -> str | None:
    """Why the credential is stale, or None when it was used (or set) recently enough."""
    when = last_used or since
    if clock.within(when, days):
        return None
    age = f"{clock.days(when)} days before this check; the limit is {days} days"
    if last_used is None:
        return f"{what} never used since it was set on {show(since)}, {age}"
    return f"{what} last used on {show(last_used)}, {age}"


@UNUSED_CREDENTIALS
def test_unused_credentials(
    iam_user_credentials: tuple[UserCredentials, ...],
    iam_key_last_use: dict[str, KeyLastUse],
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Every console password and active access key was used (or set) within the setting."""
    days = settings.integer("unused_credentials_days")
    checked = 0
    violations = []
    for user in iam_user_credentials:
        findings = []
        if user.password_enabled:
            checked += 1
            findings.append(
                _stale(
                    credential_clock,
                    days,
                    user.password_last_used,
                    user.password_set_at,
                    "console password",
                )
            )
        for key in user.active_keys:
            checked += 1
            findings.append(
                _stale(
                    credential_clock,
                    days,
                    iam_key_last_use[key.id].last_used,
                    key.created,
                    f"active {key.label}",
                )
            )
        violations += [f"{user.arn}: {finding}" for finding in findings if finding]
    evidence.record("Console passwords and active access keys checked", checked)
    evidence.record("Unused for the setting's days or more", len(violations))
    expect_no_violations(violations)
