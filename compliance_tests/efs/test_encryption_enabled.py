"""EFS file systems are encrypted at rest (CIS 3.3.1)."""

from fixtures.aws.efs import EfsFileSystem
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

# Being deleted or gone: the data is on its way out and cannot be re-encrypted.
ENDING_STATES = frozenset({"deleting", "deleted"})

ENCRYPTION_ENABLED = Control(
    id="efs/encryption-enabled",
    title="EFS Encryption At Rest Enabled",
    category="EFS",
    severity="high",
    description="Ensures every EFS file system is encrypted at rest (Encrypted).",
    more_info=(
        "An encrypted file system keeps its data and metadata encrypted with a KMS key, so"
        " access to the underlying storage does not reveal them, and the key's policy adds"
        " a second gate. Encryption at rest can only be chosen when a file system is"
        " created. File systems being deleted are left out. Each region is checked on its"
        " own."
    ),
    aws_link="https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
    recommended_action=(
        "Create an encrypted file system, copy the data to it, and retire the unencrypted one."
    ),
    remediation_steps=(
        "The evidence names each unencrypted file system by ARN.",
        "Create a new file system with encryption at rest enabled (the console's default;"
        " aws efs create-file-system --encrypted [--kms-key-id KEY]) and its mount targets.",
        "Copy the data across (AWS DataSync, or AWS Backup restore into the new file"
        " system), then point the clients at the new file system.",
        "Delete the unencrypted file system once nothing mounts it.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("3.3.1",), "cloudsploit": ("efs/efsEncryptionEnabled",)},
    scope="region",
)


@ENCRYPTION_ENABLED
def test_encryption_enabled(efs_file_systems: list[EfsFileSystem], evidence: Evidence) -> None:
    """Every file system not being deleted has Encrypted true."""
    violations = [
        f"{fs.arn}: {fs.state}, Encrypted false"
        for fs in efs_file_systems
        if fs.state not in ENDING_STATES and not fs.encrypted
    ]
    evidence.record("Unencrypted file systems", len(violations))
    expect_no_violations(violations)
