"""RDS DB instances are not publicly accessible (CIS 3.2.3)."""

from fixtures.aws.rds import RdsDatabases
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

NOT_PUBLICLY_ACCESSIBLE = Control(
    id="rds/not-publicly-accessible",
    title="RDS Instances Not Publicly Accessible",
    category="RDS",
    severity="high",
    description=("Ensures no RDS DB instance is publicly accessible (PubliclyAccessible false)."),
    more_info=(
        "A publicly accessible instance gets a DNS name that resolves to a public IP"
        " address. Whether a connection from the internet then gets through also depends on"
        " its subnets' routes to an internet gateway and on its security groups, which can"
        " change at any time; CIS asks that the instance not be public at all, so the"
        " setting decides, and the evidence shows each public instance's VPC, subnets and"
        " security groups for the follow-up. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
    recommended_action="Make each instance named private and reach it from inside the VPC.",
    remediation_steps=(
        "The evidence names each publicly accessible DB instance by ARN, with its VPC,"
        " subnets and security groups.",
        "Check who connects to it from outside the VPC and give them a private path (VPN,"
        " AWS Direct Connect, a bastion or RDS Proxy inside the VPC).",
        "Open the RDS console in the instance's region, choose the instance, Modify, and"
        " under Connectivity set Public access to Not publicly accessible; or run aws rds"
        " modify-db-instance --db-instance-identifier ID --no-publicly-accessible"
        " --apply-immediately.",
        "Remove security group rules that admit the database port from 0.0.0.0/0 or ::/0.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("3.2.3",), "cloudsploit": ("rds/rdsPubliclyAccessible",)},
    scope="region",
)


@NOT_PUBLICLY_ACCESSIBLE
def test_not_publicly_accessible(rds_databases: RdsDatabases, evidence: Evidence) -> None:
    """Every DB instance has PubliclyAccessible false."""
    public = [instance for instance in rds_databases.instances if instance.publicly_accessible]
    for instance in public:
        evidence.record(f"Network of {instance.identifier}", instance.network())
    evidence.record("Publicly accessible DB instances", len(public))
    expect_no_violations(
        [f"{instance.arn}: PubliclyAccessible true ({instance.network()})" for instance in public]
    )
