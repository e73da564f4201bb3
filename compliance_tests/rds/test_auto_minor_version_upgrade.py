"""RDS DB instances take minor engine upgrades automatically (CIS 3.2.2)."""

from fixtures.aws.rds import RdsDatabases
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

AUTO_MINOR_VERSION_UPGRADE = Control(
    id="rds/auto-minor-version-upgrade",
    title="RDS Auto Minor Version Upgrade Enabled",
    category="RDS",
    severity="medium",
    description=(
        "Ensures every RDS DB instance has Auto Minor Version Upgrade enabled"
        " (AutoMinorVersionUpgrade)."
    ),
    more_info=(
        "Minor engine versions carry security fixes. With Auto Minor Version Upgrade, RDS"
        " applies them in the instance's maintenance window; without it, an instance stays"
        " on a version with known flaws until someone upgrades it by hand. The setting"
        " belongs to each DB instance, Aurora cluster members included. Each region is"
        " checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades",
    recommended_action="Turn on Auto Minor Version Upgrade for each instance named.",
    remediation_steps=(
        "The evidence names each DB instance without Auto Minor Version Upgrade, by ARN.",
        "Open the RDS console in the instance's region, choose the instance, Modify, and"
        " under Maintenance choose Enable auto minor version upgrade; or run aws rds"
        " modify-db-instance --db-instance-identifier ID --auto-minor-version-upgrade"
        " --apply-immediately.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("3.2.2",), "cloudsploit": ("rds/rdsMinorVersionUpgrade",)},
    scope="region",
)


@AUTO_MINOR_VERSION_UPGRADE
def test_auto_minor_version_upgrade(rds_databases: RdsDatabases, evidence: Evidence) -> None:
    """Every DB instance has AutoMinorVersionUpgrade true."""
    violations = [
        f"{instance.arn}: AutoMinorVersionUpgrade false"
        for instance in rds_databases.instances
        if not instance.auto_minor_version_upgrade
    ]
    evidence.record("DB instances without Auto Minor Version Upgrade", len(violations))
    expect_no_violations(violations)
