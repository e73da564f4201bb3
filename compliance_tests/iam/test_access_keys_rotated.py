"""Active IAM user access keys are replaced before CloudSploit's limit (a setting)."""

from fixtures.aws.iam_credentials import CredentialClock, UserCredentials, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

ACCESS_KEYS_ROTATED = Control(
    id="iam/access-keys-rotated",
    title="Access Keys Rotated",
    category="IAM",
    severity="low",
    description=(
        "Ensures no active IAM user access key was created more than"
        " {access_keys_rotated_fail} days ago."
    ),
    more_info=(
        "An access key never expires on its own. The longer it lives, the more places it is"
        " copied to (laptops, CI variables, configuration files, backups) and the longer a"
        " leaked copy keeps working. This control is CloudSploit's accessKeysRotated, which"
        " fails a key older than its access_keys_rotated_fail setting; CIS 2.12's stricter"
        " rotation period is iam/access-key-rotation. Each user's access keys and their"
        " creation dates are read live (iam:ListAccessKeys), once per run, not taken from"
        " the credential report, which AWS reuses for up to four hours (README, What comes"
        " from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    recommended_action=(
        "Replace each active access key older than {access_keys_rotated_fail} days: create a"
        " new key, move its users to it, then deactivate and delete the old key; better,"
        " replace the key with a role."
    ),
    remediation_steps=(
        "Open the IAM console, choose Users and open each user the evidence names; the"
        " evidence gives the key's id and creation date.",
        "If the workload can run with an IAM role (EC2 instance profile, ECS task role,"
        " Lambda execution role, IAM Roles Anywhere, OIDC federation from CI), switch it to"
        " the role and skip to deactivating the key.",
        "Otherwise create a second key: Security credentials tab, Create access key (CLI: aws"
        " iam create-access-key --user-name NAME).",
        "Update every place that holds the old key, and check in the console that the old"
        " key's last use stops moving.",
        "Deactivate the old key (aws iam update-access-key --status Inactive), wait for"
        " complaints, then delete it (aws iam delete-access-key).",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/accessKeysRotated",)},
    settings={
        "access_keys_rotated_fail": Setting(
            180,
            "days since its creation after which an active IAM user access key fails (CloudSploit)",
        ),
    },
)


@ACCESS_KEYS_ROTATED
def test_access_keys_rotated(
    iam_user_credentials: tuple[UserCredentials, ...],
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Every active user access key was created no more than the setting's days ago
    (iam:ListAccessKeys CreateDate, measured from this check, UTC)."""
    max_age = settings.integer("access_keys_rotated_fail")
    active = [(user, key) for user in iam_user_credentials for key in user.active_keys]
    violations = [
        f"{user.arn}: active {key.label} created {show(key.created)},"
        f" {credential_clock.describe_age(key.created)} before this check; the limit is"
        f" {max_age} days"
        for user, key in active
        # a rotated key is a new key: its creation date
        if credential_clock.older_than(key.created, max_age)
    ]
    evidence.record("Active access keys", len(active))
    evidence.record("Older than the limit", len(violations))
    expect_no_violations(violations)
