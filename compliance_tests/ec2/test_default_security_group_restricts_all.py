"""The default security group of every VPC has no inbound and no outbound rule (CIS 6.5)."""

from fixtures.aws.ec2_network import DefaultGroups
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

DEFAULT_SECURITY_GROUP = Control(
    id="ec2/default-security-group-restricts-all",
    title="Default Security Groups Restrict All Traffic",
    category="EC2",
    severity="medium",
    description=(
        "Ensures the default security group of every VPC has no inbound and no outbound"
        " rule, so it lets no traffic in or out."
    ),
    more_info=(
        "An instance, endpoint or function launched without a security group gets its VPC's"
        " default group. AWS creates that group allowing all inbound traffic from its own"
        " members and all outbound traffic, so anything placed in it by accident can talk"
        " to everything else there and to the internet. With no rules, such a resource is"
        " isolated until someone gives it a security group made for it. Any rule counts,"
        " whatever its source or destination. Every VPC this account owns in the region is"
        " checked (each has a default group AWS does not let anyone delete); the default"
        " group of a VPC shared with the account is judged in its owner's account."
    ),
    aws_link="https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
    recommended_action=(
        "Move resources off the default security groups onto groups made for them, then"
        " delete every inbound and outbound rule of the default groups."
    ),
    remediation_steps=(
        "The evidence names each default security group by ARN with its rules.",
        "Find what uses the group: in the EC2 console, Network interfaces, filter by the"
        " group id; give each of those resources a security group made for it.",
        "Open the VPC console in the group's region, Security groups, select the group:"
        " Inbound rules, Edit inbound rules, delete all; Outbound rules, Edit outbound rules,"
        " delete all. Or run aws ec2 revoke-security-group-ingress and aws ec2"
        " revoke-security-group-egress with --security-group-rule-ids for each rule (aws ec2"
        " describe-security-group-rules --filters Name=group-id,Values=ID lists them).",
        "Run this control again for the region.",
    ),
    frameworks={
        "cis-aws-7.0": ("6.5",),
        "cloudsploit": ("ec2/defaultSecurityGroup",),
    },
    scope="region",
)


@DEFAULT_SECURITY_GROUP
def test_default_security_group_restricts_all(
    default_security_groups: DefaultGroups, evidence: Evidence
) -> None:
    """Every VPC's default security group has neither inbound nor outbound rules."""
    violations = []
    for group in default_security_groups.groups:
        rules = [f"inbound {p.describe()}" for p in group.inbound]
        rules += [f"outbound {p.describe()}" for p in group.outbound]
        if rules:
            violations.append(f"{group.arn} (VPC {group.vpc_id}): {'; '.join(rules)}")
    evidence.record("Default security groups with rules", len(violations))
    expect_no_violations(violations)
