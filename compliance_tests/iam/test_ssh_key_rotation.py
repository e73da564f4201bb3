"""IAM users' active SSH public keys must be rotated."""

from datetime import timedelta

from fixtures.aws.iam_credentials import describe_age
from fixtures.aws.iam_ssh_keys import SshPublicKey
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

SSH_KEY_ROTATION = Control(
    id="iam/ssh-key-rotation",
    title="SSH Keys Rotated",
    category="IAM",
    severity="low",
    description=(
        "Ensures no IAM user has an active SSH public key uploaded more than"
        " {ssh_key_max_age_days} days ago."
    ),
    more_info=(
        "IAM users' SSH public keys give Git access to CodeCommit repositories. The private"
        " half lives on laptops and build hosts, where it is copied, backed up and forgotten;"
        " the older a key, the more places it may have reached. Replacing keys on a schedule"
        " limits how long a leaked one stays useful. Inactive keys grant no access and are"
        " not counted."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_ssh-keys.html",
    recommended_action=(
        "Upload a new SSH public key for each user named, move the user to it, then"
        " deactivate and delete the old key."
    ),
    remediation_steps=(
        "For each key named in the evidence, have the user generate a new key pair"
        " (ssh-keygen -t rsa -b 4096).",
        "Open the IAM console, choose Users, the user, then the Security credentials tab.",
        "Under SSH public keys for AWS CodeCommit, choose Upload SSH public key and paste the"
        " new public key; or run aws iam upload-ssh-public-key --user-name USER"
        " --ssh-public-key-body file://key.pub.",
        "Have the user update ~/.ssh/config with the new key ID and check that git still works.",
        "Make the old key inactive (aws iam update-ssh-public-key --user-name USER"
        " --ssh-public-key-id OLD_ID --status Inactive), wait for complaints, then delete it"
        " (aws iam delete-ssh-public-key).",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/sshKeysRotated",)},
    settings={
        "ssh_key_max_age_days": Setting(
            180, "oldest an active SSH public key may be, in days since upload"
        ),
    },
)


@SSH_KEY_ROTATION
def test_ssh_key_rotation(
    ssh_public_keys: tuple[SshPublicKey, ...], settings: ControlSettings, evidence: Evidence
) -> None:
    """Every active SSH public key was uploaded within the configured number of days."""
    limit = settings.integer("ssh_key_max_age_days")
    violations = []
    for key in ssh_public_keys:
        age = evidence.checked_at - key.uploaded
        if key.active and age > timedelta(days=limit):
            violations.append(
                f"{key.user_arn}: SSH public key {key.key_id} is active and was uploaded"
                f" {key.uploaded.isoformat()} ({describe_age(age)} ago); at most {limit}"
                " days allowed"
            )
    evidence.record(f"Active SSH public keys older than {limit} days", len(violations))
    expect_no_violations(violations)
