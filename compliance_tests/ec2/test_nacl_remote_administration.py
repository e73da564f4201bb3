"""No network ACL admits 0.0.0.0/0 (or ::/0) to a remote server administration port (CIS 6.2)."""

from fixtures.analysis.network_rules import REMOTE_ADMINISTRATION, nacl_inbound
from fixtures.aws.ec2_network import NetworkAcl
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

NACL_REMOTE_ADMINISTRATION = Control(
    id="ec2/nacl-remote-administration-ingress",
    title="Network ACLs Admit No Internet to Remote Administration Ports",
    category="EC2",
    severity="high",
    description=(
        "Ensures no network ACL lets inbound traffic from every address (0.0.0.0/0, and"
        " ::/0 for IPv6) reach a remote server administration port: SSH on port 22 or RDP"
        " on port 3389, over TCP or UDP."
    ),
    more_info=(
        "A network ACL filters traffic at the subnet's edge, before security groups; one"
        " open to the internet on SSH or RDP leaves those ports guarded by the security"
        " groups alone. Entries are evaluated as AWS evaluates them: in increasing rule"
        " number, the first entry that matches decides, and traffic no entry matches is"
        " denied. An allow entry counts where it takes effect: an allow of 0.0.0.0/0 behind"
        " a deny of 0.0.0.0/0 for the port is no violation; behind a deny of a few"
        " addresses it still is; allows that together cover every address (0.0.0.0/1 and"
        " 128.0.0.0/1) count as 0.0.0.0/0. Entries for all protocols and port ranges that"
        " include 22 or 3389 count. CIS names 0.0.0.0/0; IPv6 entries for ::/0 open the"
        " same ports to the whole IPv6 internet and are judged alike. AWS's default network"
        " ACL allows all inbound traffic, so every VPC that keeps it unchanged is reported."
        " Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html",
    recommended_action=(
        "Add deny entries for ports 22 and 3389 (TCP and UDP) from 0.0.0.0/0 and ::/0 with"
        " rule numbers below the allow entries, or replace the allow-all entries with"
        " allows for the ports and sources the subnet serves."
    ),
    remediation_steps=(
        "The evidence names each network ACL by ARN, the port and the allow entries that"
        " let it in (with what earlier deny entries keep out).",
        "Find which subnets use the ACL and whether anything must be administered from"
        " outside the VPC (then only from known ranges).",
        "Open the VPC console in the ACL's region, Network ACLs, select the ACL, Inbound"
        " rules, Edit inbound rules: add deny rules for TCP and UDP 22 and 3389 from"
        " 0.0.0.0/0 (and ::/0) numbered below the allow rules; or run aws ec2"
        " create-network-acl-entry --network-acl-id ID --ingress --rule-number 10"
        " --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action"
        " deny (and likewise for 3389, UDP and --ipv6-cidr-block ::/0).",
        "Network ACLs are stateless: keep the outbound entries that let replies out.",
        "Run this control again for the region.",
    ),
    frameworks={
        "cis-aws-7.0": ("6.2",),
        "cloudsploit": ("ec2/networkAclInboundTraffic",),
    },
    scope="region",
)


@NACL_REMOTE_ADMINISTRATION
def test_nacl_remote_administration(network_acls: list[NetworkAcl], evidence: Evidence) -> None:
    """No network ACL's inbound entries, in rule order, let SSH or RDP in from everywhere."""
    violations = [
        f"{acl.arn}: {verdict.describe()}"
        for acl in network_acls
        for version in (4, 6)
        for service in REMOTE_ADMINISTRATION
        if (verdict := nacl_inbound(acl.entries, service, version)).open_to_everyone
    ]
    evidence.record("Ports open to every address", len(violations))
    expect_no_violations(violations)
