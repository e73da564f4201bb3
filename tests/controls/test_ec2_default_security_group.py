"""ec2/default-security-group-restricts-all (CIS 6.5) against moto, and the VPC reader."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws import ec2_network
from fixtures.aws.ec2_network import Vpc, pair_default_groups, parse_security_groups, parse_vpcs
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "ec2/test_default_security_group_restricts_all.py"
CASE = "test_default_security_group_restricts_all[prod-us-east-1]"
ALL_OUT = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}


def ec2(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def default_group(suite: Suite, vpc_id: str | None = None, region: str = "us-east-1") -> str:
    filters = [{"Name": "group-name", "Values": ["default"]}]
    if vpc_id:
        filters.append({"Name": "vpc-id", "Values": [vpc_id]})
    groups = ec2(suite, region).describe_security_groups(Filters=filters)["SecurityGroups"]
    if vpc_id is None:
        vpcs = ec2(suite, region).describe_vpcs(
            Filters=[{"Name": "is-default", "Values": ["true"]}]
        )
        groups = [g for g in groups if g["VpcId"] == vpcs["Vpcs"][0]["VpcId"]]
    group_id: str = groups[0]["GroupId"]
    return group_id


def members(group_id: str) -> dict[str, Any]:
    return {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": group_id}]}


def empty(
    suite: Suite,
    group_id: str,
    region: str = "us-east-1",
    inbound: bool = True,
    outbound: bool = True,
) -> None:
    """Remove the rules AWS gives a default group: all from its members, all outbound."""
    if inbound:
        ec2(suite, region).revoke_security_group_ingress(
            GroupId=group_id, IpPermissions=[members(group_id)]
        )
    if outbound:
        ec2(suite, region).revoke_security_group_egress(GroupId=group_id, IpPermissions=[ALL_OUT])


def arn(group_id: str, region: str = "us-east-1") -> str:
    return f"arn:aws:ec2:{region}:{ACCOUNT_ID}:security-group/{group_id}"


def test_default_groups_without_rules_pass(suite: Suite) -> None:
    vpc = ec2(suite).create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    empty(suite, default_group(suite))
    empty(suite, default_group(suite, vpc))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Default security groups with rules"] == "0"
    assert decided["VPCs and default security groups"] == (
        "2 VPC(s) in us-east-1, 2 default security group(s)"
    )


def test_default_group_as_aws_creates_it_fails(suite: Suite) -> None:
    group_id = default_group(suite)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn(group_id)} (VPC vpc-" in run.output
    assert (
        "inbound all protocols (1 security group(s)); outbound all protocols (0.0.0.0/0)"
        in run.output
    )


def test_outbound_rule_alone_fails(suite: Suite) -> None:
    group_id = default_group(suite)
    empty(suite, group_id, outbound=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn(group_id)} (VPC " in run.output
    assert "): outbound all protocols (0.0.0.0/0)" in run.output


def test_inbound_rule_alone_fails(suite: Suite) -> None:
    group_id = default_group(suite)
    empty(suite, group_id, inbound=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn(group_id)} (VPC " in run.output
    assert "): inbound all protocols (1 security group(s))" in run.output
    assert "outbound" not in run.output.split("violation(s)")[-1]


def test_other_groups_with_rules_do_not_count(suite: Suite) -> None:
    empty(suite, default_group(suite))
    vpc = ec2(suite).describe_vpcs()["Vpcs"][0]["VpcId"]
    ec2(suite).create_security_group(GroupName="web", Description="web", VpcId=vpc)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_group_beyond_the_first_page_is_checked(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ec2_network, "PAGE_SIZE", 5)
    empty(suite, default_group(suite))
    client = ec2(suite)
    vpc_ids = [client.create_vpc(CidrBlock=f"10.{n}.0.0/16")["Vpc"]["VpcId"] for n in range(5)]
    for vpc_id in vpc_ids[:-1]:
        empty(suite, default_group(suite, vpc_id))
    last = default_group(suite, vpc_ids[-1])  # six VPCs, six default groups: two pages each

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert arn(last) in run.output
    assert "1 violation(s)" in run.output
    actions = [c["action"] for c in run.evidence()[CASE]["api_calls"]]
    assert actions.count("ec2:DescribeSecurityGroups") == 2
    assert actions.count("ec2:DescribeVpcs") == 2


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    empty(suite, default_group(suite))

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {
        CASE: "compliant",
        "test_default_security_group_restricts_all[prod-eu-west-1]": "violation",
    }
    assert arn(default_group(suite, region="eu-west-1"), "eu-west-1") in run.output


@pytest.mark.parametrize("action", ["ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"])
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def vpc(vpc_id: str, owner: str = ACCOUNT_ID) -> Vpc:
    return Vpc(
        vpc_id, f"arn:aws:ec2:us-east-1:{owner}:vpc/{vpc_id}", owner, False, "available", (), ()
    )


def group_page(**group: Any) -> dict[str, Any]:
    item = {
        "GroupId": "sg-1",
        "GroupName": "default",
        "OwnerId": ACCOUNT_ID,
        "VpcId": "vpc-1",
        "IpPermissions": [],
        "IpPermissionsEgress": [],
        **group,
    }
    return {"SecurityGroups": [{k: v for k, v in item.items() if v is not None}]}


def test_owned_vpc_without_a_listed_default_group_is_a_missing_field() -> None:
    groups = parse_security_groups([group_page()], "us-east-1")

    with pytest.raises(MissingField, match="listed no default security group for vpc-2"):
        pair_default_groups([vpc("vpc-1"), vpc("vpc-2")], groups, ACCOUNT_ID, "us-east-1")


def test_shared_vpc_is_judged_in_its_owners_account() -> None:
    groups = parse_security_groups([group_page()], "us-east-1")

    paired = pair_default_groups(
        [vpc("vpc-1"), vpc("vpc-9", "210987654321")], groups, ACCOUNT_ID, "us-east-1"
    )

    assert [g.id for g in paired.groups] == ["sg-1"]
    assert [v.id for v in paired.shared_vpcs] == ["vpc-9"]


TCP22 = {
    "IpProtocol": "tcp",
    "FromPort": 22,
    "ToPort": 22,
    "IpRanges": [],
    "Ipv6Ranges": [],
    "PrefixListIds": [],
}


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (group_page(IpPermissions=None), "for sg-1 returned no IpPermissions"),
        (group_page(IpPermissionsEgress=None), "for sg-1 returned no IpPermissionsEgress"),
        (group_page(OwnerId=None), "for sg-1 returned no OwnerId"),
        (group_page(GroupName=None), "for sg-1 returned no GroupName"),
        (group_page(VpcId=None), "returned the group 'default' without its VpcId"),
        (group_page(IpPermissions=[{**TCP22, "IpRanges": None}]), "returned no IpRanges"),
        (group_page(IpPermissions=[{**TCP22, "Ipv6Ranges": None}]), "returned no Ipv6Ranges"),
        (group_page(IpPermissions=[{**TCP22, "PrefixListIds": None}]), "returned no PrefixListIds"),
        (group_page(IpPermissions=[{**TCP22, "FromPort": None}]), "rule without FromPort/ToPort"),
        (group_page(IpPermissions=[{**TCP22, "IpRanges": [{}]}]), "in IpRanges returned no CidrIp"),
        (
            group_page(IpPermissions=[{**TCP22, "IpRanges": [{"CidrIp": "1.2.3"}]}]),
            "not a CIDR block",
        ),
        (group_page(IpPermissions=[{**TCP22, "IpProtocol": None}]), "returned no IpProtocol"),
        (group_page(IpPermissions=[{**TCP22, "ToPort": 70000}]), "not a port range"),
    ],
)
def test_gaps_in_a_security_group_are_missing_fields(page: dict[str, Any], message: str) -> None:
    item = page["SecurityGroups"][0]
    for key in ("IpPermissions", "IpPermissionsEgress"):
        if key in item:
            item[key] = [{k: v for k, v in p.items() if v is not None} for p in item[key]]
    with pytest.raises(MissingField, match=message):
        parse_security_groups([page], "us-east-1")


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("VpcId", "for a VPC returned no VpcId"),
        ("OwnerId", "returned no OwnerId"),
        ("IsDefault", "returned no IsDefault"),
    ],
)
def test_gaps_in_a_vpc_are_missing_fields(key: str, message: str) -> None:
    item = {"VpcId": "vpc-1", "OwnerId": ACCOUNT_ID, "IsDefault": True, "CidrBlock": "10.0.0.0/16"}
    del item[key]

    with pytest.raises(MissingField, match=message):
        parse_vpcs([{"Vpcs": [item]}], "us-east-1")


def test_vpc_blocks_are_the_associated_ones() -> None:
    item = {
        "VpcId": "vpc-1",
        "OwnerId": ACCOUNT_ID,
        "IsDefault": False,
        "State": "available",
        "CidrBlock": "10.0.0.0/16",
        "CidrBlockAssociationSet": [
            {"CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}},
            {"CidrBlock": "10.1.0.0/16", "CidrBlockState": {"State": "associated"}},
            {"CidrBlock": "10.2.0.0/16", "CidrBlockState": {"State": "disassociated"}},
        ],
        "Ipv6CidrBlockAssociationSet": [
            {"Ipv6CidrBlock": "2600:1f18::/56", "Ipv6CidrBlockState": {"State": "associated"}}
        ],
    }

    (found,) = parse_vpcs([{"Vpcs": [item]}], "us-east-1")

    assert found.cidr_blocks == ("10.0.0.0/16", "10.1.0.0/16")
    assert found.ipv6_cidr_blocks == ("2600:1f18::/56",)
    assert found.arn == f"arn:aws:ec2:us-east-1:{ACCOUNT_ID}:vpc/vpc-1"
