"""Active IAM user access keys are rotated within CIS 2.12's period (a setting)."""

from fixtures.aws.iam_credentials import CredentialClock, UserCredentials, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

ACCESS_KEY_ROTATION = Control(
    id="iam/access-key-rotation",
    title="Access Key Rotation",
    category="IAM",
    severity="low",
    description=(
        "Ensures every active IAM user access key was created within the last"
        " {access_key_max_age_days} days."
    ),
    more_info=(
        "An access key never expires on its own. The longer it lives, the more places it is"
        " copied to (laptops, CI variables, configuration files, backups) and the longer a"
        " leaked copy keeps working. Replacing keys on a schedule bounds that window and"
        " proves the owners can replace them quickly when one leaks. Workloads that can use"
        " a role need no long-lived key at all. This control is CIS 2.12; CloudSploit's"
        " accessKeysRotated, which fails only older keys by default, is"
        " iam/access-keys-rotated."
        " Each user's console password (iam:GetLoginProfile), access keys"
        " (iam:ListAccessKeys) and MFA devices (iam:ListMFADevices) are read live, once per"
        " run, not taken from the credential report, which AWS reuses for up to four hours:"
        " about 3,000 requests for 1,000 users (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    recommended_action=(
        "Replace each active access key older than {access_key_max_age_days} days: create a"
        " new key, move its users to it, then deactivate and delete the old key; better,"
        " replace the key with a role."
    ),
    remediation_steps=(
        "Open the IAM console, choose Users and open each user the evidence names; the"
        " evidence gives the key's slot and creation date.",
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
    # CloudSploit's accessKeysRotated fails only at its own limit: iam/access-keys-rotated.
    frameworks={"cis-aws-7.0": ("2.12",)},
    settings={
        "access_key_max_age_days": Setting(
            90, "the oldest an active IAM user access key may be, in days since its creation"
        ),
    },
)


@ACCESS_KEY_ROTATION
def test_access_key_rotation(
    iam_user_credentials: tuple[UserCredentials, ...],
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Every active user access key was rotated no more than the setting's days ago."""
    max_age = settings.integer("access_key_max_age_days")
    active = [(user, key) for user in iam_user_credentials for key in user.active_keys]
    violations = []
    for user, key in active:
        rotated = key.created  # a rotated key is a new key: its creation date
        if credential_clock.older_than(rotated, max_age):  # "every 90 days or less"
            violations.append(
                f"{user.arn}: active {key.label} created {show(rotated)},"
                f" {credential_clock.describe_age(rotated)} before this check; the"
                f" limit is {max_age} days"
            )
    evidence.record("Active access keys", len(active))
    evidence.record("Older than the limit", len(violations))
    expect_no_violations(violations)
