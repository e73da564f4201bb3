"""RDS databases encrypt their storage at rest (CIS 3.2.1)."""

from fixtures.aws.rds import RdsDatabases
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

STORAGE_ENCRYPTED = Control(
    id="rds/storage-encrypted",
    title="RDS Encryption At Rest Enabled",
    category="RDS",
    severity="high",
    description=(
        "Ensures every RDS DB instance, and every DB cluster (Aurora, Multi-AZ DB cluster),"
        " has encryption at rest enabled (StorageEncrypted)."
    ),
    more_info=(
        "Encryption at rest protects a database's storage, its automated backups, read"
        " replicas and snapshots with a KMS key, so that access to the underlying storage or"
        " to a copied snapshot does not reveal the data. It can only be chosen when a"
        " database is created. For Aurora and Multi-AZ DB clusters encryption is a property"
        " of the cluster's shared storage: the cluster is judged (DescribeDBClusters), and"
        " its member instances are named under it; standalone DB instances are judged"
        " themselves. DocumentDB and Neptune databases, which the RDS API also lists, are"
        " judged the same way. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    recommended_action=(
        "Create an encrypted copy of each unencrypted database (from an encrypted snapshot"
        " copy) and move its clients to it."
    ),
    remediation_steps=(
        "The evidence names each unencrypted DB instance or DB cluster by ARN.",
        "Take a snapshot of the database (aws rds create-db-snapshot, or"
        " create-db-cluster-snapshot for a cluster).",
        "Copy the snapshot with encryption: aws rds copy-db-snapshot --kms-key-id KEY"
        " (copy-db-cluster-snapshot for a cluster).",
        "Restore a new database from the encrypted copy, point the applications at it, and"
        " delete the unencrypted database once it is no longer used.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("3.2.1",), "cloudsploit": ("rds/rdsEncryptionEnabled",)},
    scope="region",
)


@STORAGE_ENCRYPTED
def test_storage_encrypted(rds_databases: RdsDatabases, evidence: Evidence) -> None:
    """Every standalone DB instance and every DB cluster has StorageEncrypted true."""
    violations = [
        f"{instance.arn}: {instance.engine} DB instance, StorageEncrypted false"
        for instance in rds_databases.instances
        if rds_databases.cluster_of(instance) is None and not instance.storage_encrypted
    ]
    violations += [
        f"{cluster.arn}: {cluster.engine} DB cluster, StorageEncrypted false"
        + (f" (members {', '.join(cluster.members)})" if cluster.members else "")
        for cluster in rds_databases.clusters
        if not cluster.storage_encrypted
    ]
    evidence.record("Unencrypted DB instances and clusters", len(violations))
    expect_no_violations(violations)
