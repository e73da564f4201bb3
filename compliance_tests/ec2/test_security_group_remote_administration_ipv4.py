"""No security group admits 0.0.0.0/0 to a remote server administration port (CIS 6.3)."""

import pytest

from fixtures.analysis.network_rules import REMOTE_ADMINISTRATION
from fixtures.aws.ec2_network import GroupIngress, open_to_internet
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

SECURITY_GROUP_ADMIN_IPV4 = Control(
    id="ec2/security-group-remote-administration-ipv4",
    title="Security Groups Admit No IPv4 Internet to Remote Administration Ports",
    category="EC2",
    severity="high",
    description=(
        "Ensures no security group admits every IPv4 address (0.0.0.0/0) to a remote server"
        " administration port: SSH on port 22 or RDP on port 3389, over TCP or UDP."
    ),
    more_info=(
        "SSH and RDP on an address the whole internet may reach are scanned within minutes"
        " and face password guessing and every exploit of the service. A rule is judged by"
        " what it admits: a rule for all protocols, a port range that includes 22 or 3389,"
        " and sources that together cover every IPv4 address (0.0.0.0/0, two halves 0.0.0.0/1"
        " and 128.0.0.0/1, or a managed prefix list holding them, whose entries are read) all"
        " count. Other security groups named as sources are not addresses and do not count."
        " IPv6 (::/0) is checked by its own control. A prefix list whose entries cannot be"
        " read does not hide the violations found: they fail, with the list named in the"
        " evidence; with none found, an unread IPv4 (or unknown-family) list makes the region"
        ' "could not assess"; an IPv6 list cannot admit IPv4 addresses and does not count.'
        " Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    recommended_action=(
        "Replace the open rules with rules for the address ranges that administer the"
        " instances, or reach them without an open port (AWS Systems Manager Session"
        " Manager, EC2 Instance Connect Endpoint)."
    ),
    remediation_steps=(
        "The evidence names each security group by ARN, the port and the rules that open it.",
        "Find who administers the instances behind the group, and from which addresses"
        " (office ranges, a VPN, a bastion's security group).",
        "Open the VPC console in the group's region, Security groups, select the group,"
        " Inbound rules, Edit inbound rules: delete the rule with 0.0.0.0/0 (or the halves,"
        " or the prefix list that holds them) and add the narrower sources; or run aws ec2"
        " revoke-security-group-ingress --group-id ID --ip-permissions ... and aws ec2"
        " authorize-security-group-ingress with the narrower source.",
        "Prefer Session Manager or EC2 Instance Connect Endpoint, which need no inbound"
        " rule at all.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("6.3",)},
    scope="region",
)


@pytest.fixture
def open_ipv4(
    remote_administration_ingress: list[GroupIngress], evidence: Evidence, region: str
) -> list[str]:
    """Each security group way of admitting 0.0.0.0/0 to SSH or RDP, ``ARN: finding``. Raises
    CannotAssess when there is none but a prefix list named by such a rule was not read."""
    return open_to_internet(
        remote_administration_ingress, REMOTE_ADMINISTRATION, 4, evidence, region
    )


@SECURITY_GROUP_ADMIN_IPV4
def test_security_group_remote_administration_ipv4(
    open_ipv4: list[str], evidence: Evidence
) -> None:
    """No security group's inbound rules admit all of IPv4 to SSH or RDP (TCP or UDP)."""
    evidence.record("Ports open to 0.0.0.0/0", len(open_ipv4))
    expect_no_violations(open_ipv4)
