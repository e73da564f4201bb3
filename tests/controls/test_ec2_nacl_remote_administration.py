"""ec2/nacl-remote-administration-ingress (CIS 6.2) against moto, region by region."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws import ec2_network
from fixtures.aws.ec2_network import parse_network_acls
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "ec2/test_nacl_remote_administration.py"
CASE = "test_nacl_remote_administration[prod-us-east-1]"


def ec2(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def default_acl(suite: Suite, region: str = "us-east-1") -> str:
    acls = ec2(suite, region).describe_network_acls(
        Filters=[{"Name": "default", "Values": ["true"]}]
    )["NetworkAcls"]
    acl_id: str = acls[0]["NetworkAclId"]
    return acl_id


def close_default(suite: Suite, region: str = "us-east-1") -> str:
    """The default ACL (allow all from 0.0.0.0/0 as rule 100) with SSH and RDP denied first."""
    acl_id = default_acl(suite, region)
    for number, protocol, port in (
        (10, "6", 22),
        (11, "17", 22),
        (12, "6", 3389),
        (13, "17", 3389),
    ):
        add(suite, acl_id, number, "deny", "0.0.0.0/0", protocol, port, port, region=region)
    return acl_id


def add(
    suite: Suite,
    acl_id: str,
    number: int,
    action: str,
    cidr: str,
    protocol: str = "-1",
    first: int | None = None,
    last: int | None = None,
    egress: bool = False,
    region: str = "us-east-1",
) -> None:
    extra: dict[str, Any] = {"Ipv6CidrBlock": cidr} if ":" in cidr else {"CidrBlock": cidr}
    if first is not None:
        extra["PortRange"] = {"From": first, "To": last}
    ec2(suite, region).create_network_acl_entry(
        NetworkAclId=acl_id,
        RuleNumber=number,
        Protocol=protocol,
        RuleAction=action,
        Egress=egress,
        **extra,
    )


def new_acl(suite: Suite, region: str = "us-east-1") -> str:
    client = ec2(suite, region)
    vpc = client.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
    acl_id: str = client.create_network_acl(VpcId=vpc["VpcId"])["NetworkAcl"]["NetworkAclId"]
    return acl_id


def arn(acl_id: str, region: str = "us-east-1") -> str:
    return f"arn:aws:ec2:{region}:{ACCOUNT_ID}:network-acl/{acl_id}"


def test_default_network_acl_allows_everything_and_fails(suite: Suite) -> None:
    acl_id = default_acl(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{arn(acl_id)}: tcp 22 (SSH) from 0.0.0.0/0: rule 100 allows all protocols from"
        " 0.0.0.0/0" in run.output
    )
    assert f"{arn(acl_id)}: udp 3389 (RDP) from 0.0.0.0/0" in run.output
    assert "4 violation(s)" in run.output


def test_admin_ports_denied_before_the_allow_pass(suite: Suite) -> None:
    close_default(suite)
    acl_id = new_acl(suite)  # a new ACL denies everything (only the * rule)
    add(suite, acl_id, 100, "allow", "10.0.0.0/8", "6", 22, 22)
    add(suite, acl_id, 110, "allow", "0.0.0.0/0", "6", 443, 443)
    add(suite, acl_id, 120, "allow", "0.0.0.0/0", "-1", egress=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Ports open to every address"] == "0"
    assert decided["Network ACLs"] == "2 in us-east-1 (1 default)"


def test_deny_for_tcp_only_leaves_udp_open(suite: Suite) -> None:
    acl_id = default_acl(suite)
    for number, port in ((10, 22), (11, 3389)):
        add(suite, acl_id, number, "deny", "0.0.0.0/0", "6", port, port)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn(acl_id)}: udp 22 (SSH) from 0.0.0.0/0" in run.output
    assert f"{arn(acl_id)}: tcp 22 (SSH)" not in run.output
    assert "2 violation(s)" in run.output


@pytest.mark.parametrize(
    ("first", "last", "failing"),
    [(21, 21, True), (22, 22, False), (23, 23, True), (20, 22, False), (22, 3389, False)],
)
def test_deny_range_at_its_edges(suite: Suite, first: int, last: int, failing: bool) -> None:
    acl_id = default_acl(suite)
    add(suite, acl_id, 10, "deny", "0.0.0.0/0", "-1")  # everything else is closed
    other = new_acl(suite)
    add(suite, other, 10, "deny", "0.0.0.0/0", "6", first, last)
    add(suite, other, 20, "allow", "0.0.0.0/0", "6", 0, 1024)

    run = suite.run(control=CONTROL)

    if failing:
        run.result.assert_outcomes(failed=1)
        assert (
            f"{arn(other)}: tcp 22 (SSH) from 0.0.0.0/0: rule 20 allows tcp ports 0-1024"
            in run.output
        )
    else:
        run.result.assert_outcomes(passed=1)


def test_allow_behind_a_deny_of_one_address_still_fails(suite: Suite) -> None:
    acl_id = close_default(suite)
    other = new_acl(suite)
    add(suite, other, 10, "deny", "198.51.100.7/32", "6", 22, 22)
    add(suite, other, 20, "allow", "0.0.0.0/0", "6", 22, 22)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{arn(other)}: tcp 22 (SSH) from 0.0.0.0/0: rule 20 allows tcp port 22 from 0.0.0.0/0"
        " (earlier deny entries keep out only 198.51.100.7/32)" in run.output
    )
    assert arn(acl_id) not in run.output


def test_ipv6_entry_open_to_everyone_fails(suite: Suite) -> None:
    close_default(suite)
    other = new_acl(suite)
    add(suite, other, 10, "allow", "::/0", "6", 3389, 3389)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{arn(other)}: tcp 3389 (RDP) from ::/0: rule 10 allows tcp port 3389 from ::/0"
        in run.output
    )


def test_acl_beyond_the_first_page_is_checked(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ec2_network, "PAGE_SIZE", 5)
    close_default(suite)
    for _ in range(4):
        new_acl(suite)
    last = new_acl(suite)  # the sixth ACL
    add(suite, last, 10, "allow", "0.0.0.0/0", "17", 22, 22)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn(last)}: udp 22 (SSH) from 0.0.0.0/0" in run.output
    actions = [c["action"] for c in run.evidence()[CASE]["api_calls"]]
    assert actions.count("ec2:DescribeNetworkAcls") == 2


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    close_default(suite)
    left_open = default_acl(suite, "eu-west-1")

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {
        CASE: "compliant",
        "test_nacl_remote_administration[prod-eu-west-1]": "violation",
    }
    assert arn(left_open, "eu-west-1") in run.output


def test_denied_describe_network_acls_is_an_error(suite: Suite) -> None:
    suite.deny("ec2:DescribeNetworkAcls")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the ec2:DescribeNetworkAcls permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def acl_page(*entries: dict[str, Any], **acl: Any) -> dict[str, Any]:
    item = {
        "NetworkAclId": "acl-1",
        "VpcId": "vpc-1",
        "OwnerId": ACCOUNT_ID,
        "IsDefault": False,
        "Entries": list(entries),
        **acl,
    }
    return {"NetworkAcls": [{k: v for k, v in item.items() if v is not None}]}


OPEN = {
    "RuleNumber": 100,
    "Protocol": "6",
    "RuleAction": "allow",
    "Egress": False,
    "CidrBlock": "0.0.0.0/0",
    "PortRange": {"From": 22, "To": 22},
}


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (acl_page(Entries=None), "for acl-1 returned no Entries"),
        (acl_page(IsDefault=None), "for acl-1 returned no IsDefault"),
        (acl_page(OwnerId=None), "for acl-1 returned no OwnerId"),
        (acl_page({**OPEN, "PortRange": None}), "rule 100 returned no PortRange"),
        (acl_page({**OPEN, "PortRange": {"From": 22}}), "rule 100 PortRange returned no To"),
        (acl_page({**OPEN, "RuleNumber": None}), "returned no RuleNumber"),
        (acl_page({**OPEN, "RuleAction": "maybe"}), "RuleAction 'maybe', not allow or deny"),
        (acl_page({**OPEN, "CidrBlock": None}), "returned no CidrBlock or Ipv6CidrBlock"),
        (acl_page({**OPEN, "CidrBlock": "0.0.0.0/99"}), "not a CIDR block"),
        (acl_page({**OPEN, "Protocol": "ssh"}), "not an IP protocol"),
        (acl_page({**OPEN, "Egress": None}), "returned no Egress"),
    ],
)
def test_gaps_in_an_acl_are_missing_fields(page: dict[str, Any], message: str) -> None:
    if "Entries" in page["NetworkAcls"][0]:
        page["NetworkAcls"][0]["Entries"] = [
            {k: v for k, v in e.items() if v is not None} for e in page["NetworkAcls"][0]["Entries"]
        ]
    with pytest.raises(MissingField, match=message):
        parse_network_acls([page], "us-east-1")
