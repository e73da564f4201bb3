"""ec2/security-group-remote-administration-ipv4 and -ipv6 (CIS 6.3, 6.4) against moto."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws import ec2_network
from fixtures.demo.moto.ec2 import refuse_prefix_list_entries
from tests.conftest import ACCOUNT_ID, Suite

IPV4 = "ec2/test_security_group_remote_administration_ipv4.py"
IPV6 = "ec2/test_security_group_remote_administration_ipv6.py"
CASE4 = "test_security_group_remote_administration_ipv4[prod-us-east-1]"
CASE6 = "test_security_group_remote_administration_ipv6[prod-us-east-1]"


def ec2(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def group(suite: Suite, *permissions: dict[str, Any], region: str = "us-east-1") -> str:
    client = ec2(suite, region)
    vpc = client.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]
    name = f"g{len(client.describe_security_groups()['SecurityGroups'])}"
    group_id: str = client.create_security_group(
        GroupName=name, Description="test", VpcId=vpc["VpcId"]
    )["GroupId"]
    if permissions:
        client.authorize_security_group_ingress(GroupId=group_id, IpPermissions=list(permissions))
    return group_id


def tcp(first: int, last: int, *cidrs: str, protocol: str = "tcp") -> dict[str, Any]:
    return {
        "IpProtocol": protocol,
        "FromPort": first,
        "ToPort": last,
        "IpRanges": [{"CidrIp": c} for c in cidrs if ":" not in c],
        "Ipv6Ranges": [{"CidrIpv6": c} for c in cidrs if ":" in c],
    }


def arn(group_id: str, region: str = "us-east-1") -> str:
    return f"arn:aws:ec2:{region}:{ACCOUNT_ID}:security-group/{group_id}"


def test_restricted_groups_pass(suite: Suite) -> None:
    group(suite, tcp(22, 22, "203.0.113.0/24", "2001:db8::/32"), tcp(3389, 3389, "10.0.0.0/8"))
    group(suite, tcp(443, 443, "0.0.0.0/0", "::/0"), tcp(80, 80, "0.0.0.0/0"))

    run = suite.run(control=IPV4)
    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE4]["decided_by"]
    assert decided["Ports open to 0.0.0.0/0"] == "0"
    # the default group's rule (all traffic from its members) reaches them too, from no address
    assert decided["Security groups"] == (
        "3 in us-east-1; 2 with inbound rules reaching the ports checked"
    )

    run = suite.run(control=IPV6)
    run.result.assert_outcomes(passed=1)


def test_ssh_open_to_ipv4_fails_and_not_ipv6(suite: Suite) -> None:
    open_ssh = group(suite, tcp(22, 22, "0.0.0.0/0"))

    run = suite.run(control=IPV4)
    run.result.assert_outcomes(failed=1)
    assert (
        f"{arn(open_ssh)}: tcp 22 (SSH) open to 0.0.0.0/0: tcp port 22 from 0.0.0.0/0" in run.output
    )
    suite.run(control=IPV6).result.assert_outcomes(passed=1)


def test_rdp_open_to_ipv6_fails_and_not_ipv4(suite: Suite) -> None:
    open_rdp = group(suite, tcp(3389, 3389, "::/0"))

    run = suite.run(control=IPV6)
    run.result.assert_outcomes(failed=1)
    assert f"{arn(open_rdp)}: tcp 3389 (RDP) open to ::/0: tcp port 3389 from ::/0" in run.output
    suite.run(control=IPV4).result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("permission", "expected"),
    [
        (tcp(21, 21, "0.0.0.0/0"), None),
        (tcp(23, 23, "0.0.0.0/0"), None),
        (tcp(20, 21, "0.0.0.0/0"), None),
        (tcp(20, 22, "0.0.0.0/0"), "tcp 22 (SSH) open to 0.0.0.0/0: tcp ports 20-22"),
        (tcp(22, 25, "0.0.0.0/0"), "tcp 22 (SSH) open to 0.0.0.0/0: tcp ports 22-25"),
        (tcp(3388, 3388, "0.0.0.0/0"), None),
        (tcp(3390, 3390, "0.0.0.0/0"), None),
        (tcp(3388, 3390, "0.0.0.0/0"), "tcp 3389 (RDP) open to 0.0.0.0/0: tcp ports 3388-3390"),
        (tcp(0, 65535, "0.0.0.0/0"), "tcp 22 (SSH) open to 0.0.0.0/0: tcp all ports"),
        (tcp(22, 22, "0.0.0.0/0", protocol="udp"), "udp 22 (SSH) open to 0.0.0.0/0"),
        (tcp(22, 22, "0.0.0.0/0", protocol="6"), "tcp 22 (SSH) open to 0.0.0.0/0"),
        (
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            "tcp 22 (SSH) open to 0.0.0.0/0: all protocols from 0.0.0.0/0",
        ),
        (
            {
                "IpProtocol": "icmp",
                "FromPort": -1,
                "ToPort": -1,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            },
            None,
        ),
        (tcp(22, 22, "0.0.0.0/1"), None),
        (
            tcp(22, 22, "0.0.0.0/1", "128.0.0.0/1"),
            "tcp 22 (SSH) open to 0.0.0.0/0: tcp port 22 from 0.0.0.0/1;"
            " tcp port 22 from 128.0.0.0/1 (together 0.0.0.0/0)",
        ),
        (tcp(22, 22, "1.2.3.4/0"), "tcp 22 (SSH) open to 0.0.0.0/0"),  # host bits, still /0
    ],
)
def test_what_a_rule_matches_decides(
    suite: Suite, permission: dict[str, Any], expected: str | None
) -> None:
    group_id = group(suite, permission)

    run = suite.run(control=IPV4)

    if expected is None:
        run.result.assert_outcomes(passed=1)
    else:
        run.result.assert_outcomes(failed=1)
        assert f"{arn(group_id)}: {expected}" in run.output


def test_halves_in_two_rules_add_up(suite: Suite) -> None:
    group_id = group(suite, tcp(22, 22, "0.0.0.0/1"), tcp(20, 30, "128.0.0.0/1"))

    run = suite.run(control=IPV4)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{arn(group_id)}: tcp 22 (SSH) open to 0.0.0.0/0: tcp port 22 from 0.0.0.0/1;"
        " tcp ports 20-30 from 128.0.0.0/1 (together 0.0.0.0/0)" in run.output
    )


def test_prefix_list_is_judged_by_its_entries(suite: Suite) -> None:
    client = ec2(suite)
    everything = client.create_managed_prefix_list(
        PrefixListName="everyone",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "0.0.0.0/1"}, {"Cidr": "128.0.0.0/1"}],
    )["PrefixList"]["PrefixListId"]
    office = client.create_managed_prefix_list(
        PrefixListName="office",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "198.51.100.0/24"}],
    )["PrefixList"]["PrefixListId"]
    fine = group(suite, {**tcp(22, 22), "PrefixListIds": [{"PrefixListId": office}]})
    wide = group(suite, {**tcp(3389, 3389), "PrefixListIds": [{"PrefixListId": everything}]})

    run = suite.run(control=IPV4)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{arn(wide)}: tcp 3389 (RDP) open to 0.0.0.0/0: tcp port 3389 from {everything} entry"
        f" 0.0.0.0/1; tcp port 3389 from {everything} entry 128.0.0.0/1" in run.output
    )
    assert arn(fine) not in run.output
    actions = [c["action"] for c in run.evidence()[CASE4]["api_calls"]]
    assert actions.count("ec2:GetManagedPrefixListEntries") == 2


def test_prefix_list_entries_beyond_the_first_page_count(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ec2_network, "PREFIX_LIST_PAGE_SIZE", 1)
    client = ec2(suite)
    halves = client.create_managed_prefix_list(
        PrefixListName="halves",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "0.0.0.0/1"}, {"Cidr": "128.0.0.0/1"}],
    )["PrefixList"]["PrefixListId"]
    group(suite, {**tcp(22, 22), "PrefixListIds": [{"PrefixListId": halves}]})

    run = suite.run(control=IPV4)

    run.result.assert_outcomes(failed=1)
    actions = [c["action"] for c in run.evidence()[CASE4]["api_calls"]]
    assert actions.count("ec2:GetManagedPrefixListEntries") == 2


def test_group_beyond_the_first_page_is_checked(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ec2_network, "PAGE_SIZE", 5)
    for _ in range(5):  # with the default group and the last one, 7 groups: 2 pages of 5
        group(suite)
    last = group(suite, tcp(22, 22, "0.0.0.0/0"))

    run = suite.run(control=IPV4)

    run.result.assert_outcomes(failed=1)
    assert arn(last) in run.output
    actions = [c["action"] for c in run.evidence()[CASE4]["api_calls"]]
    assert actions.count("ec2:DescribeSecurityGroups") == 2


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    bad = group(suite, tcp(22, 22, "0.0.0.0/0"), region="eu-west-1")

    run = suite.run(control=IPV4)

    assert run.verdicts() == {
        CASE4: "compliant",
        "test_security_group_remote_administration_ipv4[prod-eu-west-1]": "violation",
    }
    assert arn(bad, "eu-west-1") in run.output


def test_denied_describe_security_groups_is_an_error(suite: Suite) -> None:
    suite.deny("ec2:DescribeSecurityGroups")

    run = suite.run(control=IPV4)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the ec2:DescribeSecurityGroups permission" in run.output
    assert run.verdicts() == {CASE4: "could not assess"}


def test_denied_prefix_list_entries_is_an_error(suite: Suite) -> None:
    client = ec2(suite)
    listed = client.create_managed_prefix_list(
        PrefixListName="partners",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "198.51.100.0/24"}],
    )["PrefixList"]["PrefixListId"]
    group(suite, {**tcp(22, 22), "PrefixListIds": [{"PrefixListId": listed}]})
    refuse_prefix_list_entries(ACCOUNT_ID, "us-east-1", listed)

    run = suite.run(control=IPV4)

    run.result.assert_outcomes(errors=1)
    assert "ec2:GetManagedPrefixListEntries was denied (UnauthorizedOperation)" in run.output
    assert run.verdicts() == {CASE4: "could not assess"}


def prefix_list(suite: Suite, family: str, cidr: str) -> str:
    listed: str = ec2(suite).create_managed_prefix_list(
        PrefixListName=f"partners-{family}",
        MaxEntries=5,
        AddressFamily=family,
        Entries=[{"Cidr": cidr}],
    )["PrefixList"]["PrefixListId"]
    return listed


def test_unread_prefix_list_does_not_hide_known_violations(suite: Suite) -> None:
    # One refused prefix list must not turn a region with groups open by a plain CIDR
    # into "could not assess": the known violations fail, the list is in the evidence.
    listed = prefix_list(suite, "IPv4", "198.51.100.0/24")
    group(suite, {**tcp(22, 22), "PrefixListIds": [{"PrefixListId": listed}]})
    open_v4 = group(suite, tcp(22, 22, "0.0.0.0/0"))
    open_v6 = group(suite, tcp(22, 22, "::/0"))
    refuse_prefix_list_entries(ACCOUNT_ID, "us-east-1", listed)

    run4 = suite.run(control=IPV4)
    assert run4.verdicts() == {CASE4: "violation"}
    assert f"{arn(open_v4)}: tcp 22 (SSH) open to 0.0.0.0/0" in run4.output
    decided = run4.evidence()[CASE4]["decided_by"]
    assert decided["Prefix lists that could not be read"].startswith(f"{listed} (IPv4; ")
    assert "UnauthorizedOperation" in decided["Prefix lists that could not be read"]

    run6 = suite.run(control=IPV6)
    assert run6.verdicts() == {CASE6: "violation"}
    assert f"{arn(open_v6)}: tcp 22 (SSH) open to ::/0" in run6.output


def test_prefix_list_of_the_other_family_does_not_block_a_verdict(suite: Suite) -> None:
    # An IPv4 prefix list cannot admit ::/0, nor an IPv6 one 0.0.0.0/0 (AddressFamily,
    # read with DescribeManagedPrefixLists, which does not read the entries).
    v4 = prefix_list(suite, "IPv4", "198.51.100.0/24")
    group(suite, {**tcp(22, 22), "PrefixListIds": [{"PrefixListId": v4}]})
    refuse_prefix_list_entries(ACCOUNT_ID, "us-east-1", v4)

    run6 = suite.run(control=IPV6)
    assert run6.verdicts() == {CASE6: "compliant"}
    decided = run6.evidence()[CASE6]["decided_by"]
    assert decided["Prefix lists not read, holding no IPv6 address"].startswith(f"{v4} (IPv4; ")
    run4 = suite.run(control=IPV4)
    assert run4.verdicts() == {CASE4: "could not assess"}
    assert "entries of 1 managed prefix list(s)" in run4.output


def test_ipv6_prefix_list_unread_blocks_ipv6_only(suite: Suite) -> None:
    v6 = prefix_list(suite, "IPv6", "2001:db8::/32")
    group(suite, {**tcp(3389, 3389), "PrefixListIds": [{"PrefixListId": v6}]})
    refuse_prefix_list_entries(ACCOUNT_ID, "us-east-1", v6)

    assert suite.run(control=IPV4).verdicts() == {CASE4: "compliant"}
    run6 = suite.run(control=IPV6)
    assert run6.verdicts() == {CASE6: "could not assess"}
    assert v6 in run6.output


def test_prefix_list_family_unreadable_counts_for_both(suite: Suite) -> None:
    v4 = prefix_list(suite, "IPv4", "198.51.100.0/24")
    group(suite, {**tcp(22, 22), "PrefixListIds": [{"PrefixListId": v4}]})
    refuse_prefix_list_entries(ACCOUNT_ID, "us-east-1", v4)
    suite.deny("ec2:DescribeManagedPrefixLists")

    run6 = suite.run(control=IPV6)
    assert run6.verdicts() == {CASE6: "could not assess"}
    assert "address family unknown" in run6.output
