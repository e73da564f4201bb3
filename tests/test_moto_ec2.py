"""fixtures/demo/moto/ec2.py: AWS's paging of the EC2 network reads, and a refused prefix list."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from fixtures.aws.ec2_network import fetch_prefix_list_cidrs
from fixtures.demo.moto.ec2 import refuse_prefix_list_entries
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite


def test_security_groups_are_paged_as_aws_pages_them(suite: Suite) -> None:
    ec2 = suite.client("ec2")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    for n in range(6):  # with the default group, seven
        ec2.create_security_group(GroupName=f"g{n}", Description="t", VpcId=vpc)

    pages = list(ec2.get_paginator("describe_security_groups").paginate(MaxResults=5))

    assert [len(page["SecurityGroups"]) for page in pages] == [5, 2]
    assert "NextToken" not in pages[-1]
    assert len(ec2.describe_security_groups()["SecurityGroups"]) == 7  # no MaxResults: all


@pytest.mark.parametrize(
    ("operation", "key"),
    [("describe_vpcs", "Vpcs"), ("describe_network_acls", "NetworkAcls")],
)
def test_vpcs_and_acls_are_paged(suite: Suite, operation: str, key: str) -> None:
    ec2 = suite.client("ec2")
    for n in range(5):
        ec2.create_vpc(CidrBlock=f"10.{n}.0.0/16")  # each with its default network ACL

    pages = list(ec2.get_paginator(operation).paginate(MaxResults=5))

    assert [len(page[key]) for page in pages] == [5, 1]


def test_max_results_above_aws_bound_is_refused(suite: Suite) -> None:
    # botocore itself refuses a value under the minimum before sending it
    with pytest.raises(ClientError, match="InvalidParameterValue"):
        suite.client("ec2").describe_security_groups(MaxResults=1001)


def test_prefix_list_entries_are_paged_and_can_be_refused(suite: Suite) -> None:
    ec2 = suite.client("ec2")
    listed = ec2.create_managed_prefix_list(
        PrefixListName="p",
        MaxEntries=5,
        AddressFamily="IPv4",
        Entries=[{"Cidr": "10.0.0.0/8"}, {"Cidr": "192.168.0.0/16"}],
    )["PrefixList"]["PrefixListId"]

    pages = list(
        ec2.get_paginator("get_managed_prefix_list_entries").paginate(
            PrefixListId=listed, MaxResults=1
        )
    )
    assert [page["Entries"] for page in pages] == [
        [{"Cidr": "10.0.0.0/8"}],
        [{"Cidr": "192.168.0.0/16"}],
    ]

    refuse_prefix_list_entries(ACCOUNT_ID, "us-east-1", listed)
    with pytest.raises(ClientError, match="UnauthorizedOperation"):
        ec2.get_managed_prefix_list_entries(PrefixListId=listed)
    assert ec2.describe_security_groups()["SecurityGroups"]  # other reads are unaffected


class _Pages:
    """An AccountData stand-in that answers one prefix list's pages."""

    def __init__(self, *pages: object) -> None:
        self.pages = list(pages)

    def paginate(self, *args: object, **params: object) -> list[object]:
        return self.pages

    def derived(self, name: str, build: object) -> object:
        return build()  # type: ignore[operator]


def test_prefix_list_entry_without_cidr_is_a_missing_field() -> None:
    data = _Pages({"Entries": [{"Cidr": "10.0.0.0/8"}, {"Description": "no cidr"}]})

    with pytest.raises(MissingField, match="GetManagedPrefixListEntries in us-east-1 for pl-1"):
        fetch_prefix_list_cidrs(data, "us-east-1", "pl-1")  # type: ignore[arg-type]


def test_default_security_group_has_aws_s_rules(suite: Suite) -> None:
    ec2 = suite.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    (group,) = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"]
    other = ec2.create_security_group(GroupName="web", Description="w", VpcId=vpc)["GroupId"]

    (inbound,) = group["IpPermissions"]
    assert inbound["IpProtocol"] == "-1"
    assert [pair["GroupId"] for pair in inbound["UserIdGroupPairs"]] == [group["GroupId"]]
    assert [p["IpRanges"] for p in group["IpPermissionsEgress"]] == [[{"CidrIp": "0.0.0.0/0"}]]
    assert (
        ec2.describe_security_groups(GroupIds=[other])["SecurityGroups"][0]["IpPermissions"] == []
    )
