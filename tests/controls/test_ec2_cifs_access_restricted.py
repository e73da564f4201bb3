"""ec2/cifs-access-restricted (CIS 6.1.2) against moto, region by region."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "ec2/test_cifs_access_restricted.py"
CASE = "test_cifs_access_restricted[prod-us-east-1]"


def ec2(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def group(suite: Suite, *permissions: dict[str, Any], vpc_id: str | None = None) -> str:
    client = ec2(suite)
    if vpc_id is None:
        vpc_id = client.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][
            0
        ]["VpcId"]
    name = f"g{len(client.describe_security_groups()['SecurityGroups'])}"
    group_id: str = client.create_security_group(GroupName=name, Description="t", VpcId=vpc_id)[
        "GroupId"
    ]
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


def arn(group_id: str) -> str:
    return f"arn:aws:ec2:us-east-1:{ACCOUNT_ID}:security-group/{group_id}"


def test_private_and_own_vpc_sources_pass(suite: Suite) -> None:
    vpc = ec2(suite).create_vpc(CidrBlock="44.1.0.0/16")["Vpc"]["VpcId"]  # a public block, BYOIP
    group(suite, tcp(445, 445, "10.20.0.0/16", "192.168.1.0/24", "fd12::/16"))
    group(suite, tcp(445, 445, "44.1.2.0/24"), vpc_id=vpc)
    peer = group(suite)
    group(
        suite,
        {
            "IpProtocol": "tcp",
            "FromPort": 445,
            "ToPort": 445,
            "UserIdGroupPairs": [{"GroupId": peer}],
        },
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Sources outside the trusted networks"] == "0"
    assert "44.1.0.0/16" in decided["VPC address ranges (trusted)"]


@pytest.mark.parametrize(
    ("permission", "offends"),
    [
        (tcp(445, 445, "0.0.0.0/0"), "tcp 445 (CIFS): tcp port 445 from 0.0.0.0/0"),
        (tcp(445, 445, "::/0"), "tcp 445 (CIFS): tcp port 445 from ::/0"),
        (tcp(445, 445, "203.0.113.0/24"), "tcp 445 (CIFS): tcp port 445 from 203.0.113.0/24"),
        (tcp(440, 445, "0.0.0.0/0"), "tcp 445 (CIFS): tcp ports 440-445 from 0.0.0.0/0"),
        (tcp(445, 450, "0.0.0.0/0"), "tcp 445 (CIFS): tcp ports 445-450 from 0.0.0.0/0"),
        (
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            "tcp 445 (CIFS): all protocols from 0.0.0.0/0",
        ),
        (
            tcp(445, 445, "10.0.0.0/7"),
            "tcp 445 (CIFS): tcp port 445 from 10.0.0.0/7",
        ),  # wider than 10/8
        (tcp(444, 444, "0.0.0.0/0"), None),
        (tcp(446, 446, "0.0.0.0/0"), None),
        (tcp(445, 445, "0.0.0.0/0", protocol="udp"), None),
    ],
)
def test_what_a_rule_matches_decides(
    suite: Suite, permission: dict[str, Any], offends: str | None
) -> None:
    group_id = group(suite, permission)

    run = suite.run(control=CONTROL)

    if offends is None:
        run.result.assert_outcomes(passed=1)
    else:
        run.result.assert_outcomes(failed=1)
        assert f"{arn(group_id)}: {offends}" in run.output


def test_trusted_networks_setting_is_honoured(suite: Suite) -> None:
    group_id = group(suite, tcp(445, 445, "203.0.113.0/24", "10.0.0.0/16"))
    suite.write_settings(cifs_trusted_networks=["203.0.113.0/24"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)  # 10.0.0.0/16 is no longer trusted: the setting replaces
    assert f"{arn(group_id)}: tcp 445 (CIFS): tcp port 445 from 10.0.0.0/16" in run.output
    assert "203.0.113.0/24" not in run.output.split("violation(s)")[-1]


def test_zero_prefix_in_the_setting_trusts_nothing_more(suite: Suite) -> None:
    group_id = group(suite, tcp(445, 445, "0.0.0.0/0"))
    suite.write_settings(cifs_trusted_networks=["0.0.0.0/0"])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert arn(group_id) in run.output


def test_a_setting_that_is_no_cidr_is_refused(suite: Suite) -> None:
    suite.write_settings(cifs_trusted_networks=["10.0.0.0/33"])

    run = suite.run(control=CONTROL)

    assert run.result.ret == 4
    assert "not a CIDR block: '10.0.0.0/33'" in run.output


@pytest.mark.parametrize("action", ["ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"])
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_prefix_list_counts_by_its_entries(suite: Suite) -> None:
    listed = ec2(suite).create_managed_prefix_list(
        PrefixListName="shares",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "10.1.0.0/16"}, {"Cidr": "203.0.113.0/24"}],
    )["PrefixList"]["PrefixListId"]
    group_id = group(suite, {**tcp(445, 445), "PrefixListIds": [{"PrefixListId": listed}]})

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{arn(group_id)}: tcp 445 (CIFS): tcp port 445 from {listed} entry 203.0.113.0/24"
        in run.output
    )
    assert "1 violation(s)" in run.output


def test_unread_prefix_list_leaves_known_violations_and_else_cannot_assess(
    suite: Suite,
) -> None:
    from fixtures.demo.moto.ec2 import refuse_prefix_list_entries

    listed = ec2(suite).create_managed_prefix_list(
        PrefixListName="partners",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "198.51.100.0/24"}],
    )["PrefixList"]["PrefixListId"]
    group(suite, {**tcp(445, 445), "PrefixListIds": [{"PrefixListId": listed}]})
    refuse_prefix_list_entries(ACCOUNT_ID, "us-east-1", listed)

    run = suite.run(control=CONTROL)
    assert run.verdicts() == {CASE: "could not assess"}
    assert listed in run.output

    wide = group(suite, tcp(445, 445, "0.0.0.0/0"))
    run = suite.run(control=CONTROL)
    assert run.verdicts() == {CASE: "violation"}
    assert arn(wide) in run.output
    assert listed in run.evidence()[CASE]["decided_by"]["Prefix lists that could not be read"]
