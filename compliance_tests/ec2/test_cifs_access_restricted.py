"""CIFS (TCP 445) is reachable only from trusted networks (CIS 6.1.2)."""

import pytest

from fixtures.analysis.network_rules import CIFS, Network, RuleError, network, untrusted_sources
from fixtures.aws.ec2_network import GroupIngress, Vpc, unread_prefix_lists
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting, SettingValue

# RFC 1918 private ranges, RFC 6598 shared address space (a VPC may use it), IPv6 unique
# local addresses (RFC 4193): none of them is routed on the internet.
PRIVATE_NETWORKS = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")


def cidr_blocks(value: SettingValue) -> str | None:
    """What is wrong with a list of CIDR blocks, or None."""
    for text in value if isinstance(value, tuple) else ():
        try:
            network(text)
        except RuleError as error:
            return str(error)
    return None


CIFS_ACCESS_RESTRICTED = Control(
    id="ec2/cifs-access-restricted",
    title="CIFS Reachable Only From Trusted Networks",
    category="EC2",
    severity="high",
    description=(
        "Ensures no security group admits CIFS (SMB over TCP port 445) from addresses outside"
        " the trusted networks: the region's VPC address ranges and {cifs_trusted_networks}."
    ),
    more_info=(
        "CIFS/SMB shares files and printers and carries Windows remote management; worms"
        " (WannaCry, NotPetya) spread through port 445 exposed to the internet. CIS asks that"
        " it be reachable from trusted networks only. A source counts as trusted when all its"
        " addresses lie within a trusted network: the address ranges of the region's VPCs"
        " (ec2:DescribeVpcs) or the cifs_trusted_networks setting, by default the ranges that"
        " are never routed on the internet (RFC 1918, RFC 6598, IPv6 unique local). 0.0.0.0/0"
        " and ::/0 are never trusted; a partner's public range is trusted once added to the"
        " setting. A rule for all protocols or a port range that includes 445 counts; a"
        " managed prefix list counts by its entries; other security groups named as sources"
        " admit only their members and count as trusted. A prefix list whose entries cannot"
        " be read does not hide the violations found; with none found, it makes the region"
        ' "could not assess". Each region is checked on its own.'
    ),
    aws_link="https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
    recommended_action=(
        "Restrict inbound TCP 445 to the networks that use the shares, and add any further"
        " network you trust to cifs_trusted_networks."
    ),
    remediation_steps=(
        "The evidence names each security group by ARN and each rule and source that admits"
        " port 445 from outside the trusted networks.",
        "Find out which clients use the file shares behind the group, and from where.",
        "Open the VPC console in the group's region, Security groups, select the group,"
        " Inbound rules, Edit inbound rules: narrow or delete the rule, or run aws ec2"
        " revoke-security-group-ingress --group-id ID --ip-permissions"
        " IpProtocol=tcp,FromPort=445,ToPort=445,IpRanges=[{CidrIp=SOURCE}].",
        "If a source is a network you trust (a partner's range reached over VPN), add it to"
        " cifs_trusted_networks in settings.toml instead.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("6.1.2",)},
    scope="region",
    settings={
        "cifs_trusted_networks": Setting(
            PRIVATE_NETWORKS,
            "CIDR blocks (IPv4 or IPv6) trusted to reach CIFS (TCP 445), besides the"
            " address ranges of the region's VPCs",
            check=cidr_blocks,
        ),
    },
)


@pytest.fixture
def trusted_networks(
    vpcs: list[Vpc], settings: ControlSettings, evidence: Evidence
) -> list[Network]:
    """The region's VPC blocks and the ``cifs_trusted_networks`` setting, as networks."""
    own = [block for vpc in vpcs for block in (*vpc.cidr_blocks, *vpc.ipv6_cidr_blocks)]
    trusted = [network(text) for text in (*own, *settings.texts("cifs_trusted_networks"))]
    evidence.record("VPC address ranges (trusted)", ", ".join(own) or "none")
    return [net for net in trusted if net.prefixlen > 0]  # "everything" is never trusted


@pytest.fixture
def untrusted_cifs_sources(
    cifs_ingress: list[GroupIngress],
    trusted_networks: list[Network],
    evidence: Evidence,
    region: str,
) -> list[str]:
    """Each source outside the trusted networks that reaches TCP 445, ``ARN: finding``.
    Raises CannotAssess when there is none but a prefix list named by such a rule was
    not read."""
    violations = [
        f"{entry.group.arn}: {finding}"
        for entry in cifs_ingress
        for finding in untrusted_sources(entry.rules, CIFS, trusted_networks)
    ]
    unread_prefix_lists(cifs_ingress, violations, evidence, region)
    return violations


@CIFS_ACCESS_RESTRICTED
def test_cifs_access_restricted(untrusted_cifs_sources: list[str], evidence: Evidence) -> None:
    """No inbound rule reaching TCP 445 admits a source outside the trusted networks."""
    evidence.record("Sources outside the trusted networks", len(untrusted_cifs_sources))
    expect_no_violations(untrusted_cifs_sources)
