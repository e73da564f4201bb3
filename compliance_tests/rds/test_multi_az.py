"""RDS databases use Multi-AZ deployments where the workload needs it (CIS 3.2.4)."""

from fixtures.aws.rds import RdsDatabases
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.inputs import AttestationCheck

MULTI_AZ = Control(
    id="rds/multi-az",
    title="RDS Multi-AZ Deployments Used",
    category="RDS",
    severity="medium",
    description=(
        "Ensures RDS databases run in more than one Availability Zone; where one runs in a"
        " single zone, a person attests that this suits the workload."
    ),
    more_info=(
        "A Multi-AZ deployment keeps a standby (or readable standbys) in another"
        " Availability Zone and fails over to it when the primary's zone or host fails. CIS"
        " marks this recommendation manual: a development or easily rebuilt database may"
        " rightly run in one zone. A DB instance counts as Multi-AZ when RDS says so"
        " (MultiAZ); a member of an Aurora or Multi-AZ DB cluster counts when its cluster"
        " has instances in more than one zone (the cluster's MultiAZ). When every database"
        " of the region is Multi-AZ the control passes on that evidence; otherwise it names"
        " the single-AZ ones and awaits an attestation. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html",
    recommended_action=(
        "Convert each production database named to Multi-AZ, then attest that the rest may"
        " run in one zone."
    ),
    remediation_steps=(
        "The evidence names each single-AZ DB instance (and its cluster) by ARN.",
        "For each one that serves production, modify it to a Multi-AZ deployment: RDS"
        " console, Modify, Availability and durability, Multi-AZ DB instance; or aws rds"
        " modify-db-instance --db-instance-identifier ID --multi-az --apply-immediately. For"
        " an Aurora cluster, add a reader instance in another Availability Zone.",
        "For those that may run in one zone, have the workload owner add an [[attestation]]"
        " for this control and account to attestations.toml, naming the databases and"
        " expiring at the next review.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("3.2.4",), "cloudsploit": ("rds/rdsMultiAz",)},
    scope="region",
)


@MULTI_AZ
def test_multi_az(
    rds_databases: RdsDatabases, attestation: AttestationCheck, evidence: Evidence
) -> None:
    """Passes when every DB instance is Multi-AZ; else the single-AZ ones need attesting."""
    single_az = []
    for instance in rds_databases.instances:
        cluster = rds_databases.cluster_of(instance)
        if cluster is None and not instance.multi_az:
            single_az.append(f"{instance.arn} (in {instance.availability_zone or 'one zone'})")
        elif cluster is not None and not (cluster.multi_az or instance.multi_az):
            single_az.append(f"{instance.arn} (cluster {cluster.arn} is in one zone)")
    evidence.record("Multi-AZ DB instances", len(rds_databases.instances) - len(single_az))
    evidence.record("Single-AZ DB instances", "; ".join(single_az) or "none")
    if single_az:
        attestation.require()
