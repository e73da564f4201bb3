"""ec2/peering-routes-least-access (CIS 6.6): the routes to peering connections as
evidence, then an attestation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from fixtures.aws.ec2_vpc import fetch_peering_routing, parse_peering_routes
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "ec2/test_peering_routes_least_access.py"
CASE = "test_peering_routes_least_access[prod-us-east-1]"
ID = "ec2/peering-routes-least-access"


def today(offset_days: int = 0) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset_days)).isoformat()


def ec2(suite: Suite) -> Any:
    return boto3.client(
        "ec2",
        endpoint_url=suite.moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def peer(suite: Suite, destination: str) -> tuple[str, str, str]:
    """Two VPCs (10.1.0.0/16 and 10.2.0.0/16), peered; a route from the first's main route
    table to ``destination`` through the peering. Returns (route table ARN, pcx, peer VPC)."""
    client = ec2(suite)
    here = client.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    there = client.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
    pcx = client.create_vpc_peering_connection(VpcId=here, PeerVpcId=there)
    pcx_id = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    client.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
    tables = client.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [here]}])
    table = tables["RouteTables"][0]["RouteTableId"]
    client.create_route(
        RouteTableId=table, DestinationCidrBlock=destination, VpcPeeringConnectionId=pcx_id
    )
    return f"arn:aws:ec2:us-east-1:{ACCOUNT_ID}:route-table/{table}", pcx_id, there


def test_region_without_peering_routes_passes_with_that_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Applies"] == "no: no route table routes to a VPC peering connection"
    actions = {call["action"] for call in run.evidence()[CASE]["api_calls"]}
    assert actions == {"ec2:DescribeRouteTables"}  # no peering route: connections not read


@pytest.mark.parametrize(
    ("destination", "compared"),
    [
        ("10.2.0.0/16", "the whole peer block"),
        ("10.2.3.0/24", "narrower than the peer block"),
        ("10.0.0.0/8", "wider than or outside every peer block"),
    ],
)
def test_peering_route_awaits_attestation_with_the_route_and_peer(
    suite: Suite, destination: str, compared: str
) -> None:
    table, pcx, there = peer(suite, destination)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(skipped=1)
    record = run.evidence()[CASE]
    assert record["verdict"] == "awaiting attestation"
    said = record["decided_by"]["Peering route 1"]
    assert said.startswith(f"{table} (vpc-")
    assert f"{destination} -> {pcx} (active); peer {there} (account {ACCOUNT_ID}" in said
    assert said.endswith(f"has 10.2.0.0/16: {compared}")


def test_peering_route_with_an_attestation_passes(suite: Suite) -> None:
    peer(suite, "10.2.3.0/24")
    suite.write_attestations(
        {
            "control": ID,
            "account": ACCOUNT_ID,
            "by": "Net Ops <netops@example.com>",
            "date": today(-1),
            "expires": today(90),
            "statement": "Only the batch subnet reaches the peer's database subnet.",
        }
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    attested = run.evidence()[CASE]["decided_by"]["Attestation"]
    assert attested.endswith("Only the batch subnet reaches the peer's database subnet.")


def test_require_attestations_turns_awaiting_into_failure(suite: Suite) -> None:
    peer(suite, "10.2.0.0/16")

    run = suite.run("--require-attestations", control=CONTROL)

    run.result.assert_outcomes(failed=1)


@pytest.mark.parametrize("action", ["ec2:DescribeRouteTables", "ec2:DescribeVpcPeeringConnections"])
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    peer(suite, "10.2.0.0/16")
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_routes_and_connections_of_second_pages_are_read() -> None:
    canned = CannedAws()
    canned.answer(
        "ec2",
        "DescribeRouteTables",
        {"RouteTables": [_table("rtb-1", "vpc-1", [])], "NextToken": "2"},
        {"RouteTables": [_table("rtb-2", "vpc-1", [_route("10.2.0.0/24", "pcx-2")])]},
    )
    canned.answer(
        "ec2",
        "DescribeVpcPeeringConnections",
        {"VpcPeeringConnections": [_connection("pcx-1", "vpc-9")], "NextToken": "2"},
        {"VpcPeeringConnections": [_connection("pcx-2", "vpc-2")]},
    )

    routing = fetch_peering_routing(canned.data(), "us-east-1")

    (route,) = routing.routes
    assert route.route_table_arn == "arn:aws:ec2:us-east-1:123456789012:route-table/rtb-2"
    assert set(routing.connections) == {"pcx-1", "pcx-2"}
    assert routing.judge(route).endswith("has 10.2.0.0/16: narrower than the peer block")


def test_route_to_a_connection_not_listed_says_so() -> None:
    canned = CannedAws()
    canned.answer(
        "ec2",
        "DescribeRouteTables",
        {"RouteTables": [_table("rtb-1", "vpc-1", [_route("10.2.0.0/16", "pcx-gone")])]},
    )
    canned.answer("ec2", "DescribeVpcPeeringConnections", {"VpcPeeringConnections": []})

    routing = fetch_peering_routing(canned.data(), "us-east-1")

    assert routing.judge(routing.routes[0]).endswith("not listed here, peer CIDR unknown")


@pytest.mark.parametrize("field", ["RouteTableId", "OwnerId", "VpcId", "Routes"])
def test_route_table_without_what_identifies_it_is_a_missing_field(field: str) -> None:
    # A table without its routes read as "no routes" would hide a route to a peering.
    table = _table("rtb-1", "vpc-1", [_route("10.2.0.0/16", "pcx-1")])
    del table[field]

    with pytest.raises(MissingField, match=f"returned no {field}"):
        parse_peering_routes([{"RouteTables": [table]}], "us-east-1")


def test_peering_route_without_a_destination_is_a_missing_field() -> None:
    route = {"VpcPeeringConnectionId": "pcx-1", "State": "active"}

    with pytest.raises(MissingField, match="returned a route to pcx-1"):
        parse_peering_routes([{"RouteTables": [_table("rtb-1", "vpc-1", [route])]}], "us-east-1")


def _table(table_id: str, vpc_id: str, routes: list[dict[str, Any]]) -> dict[str, Any]:
    local = {"DestinationCidrBlock": "10.1.0.0/16", "GatewayId": "local", "State": "active"}
    return {
        "RouteTableId": table_id,
        "OwnerId": ACCOUNT_ID,
        "VpcId": vpc_id,
        "Routes": [local, *routes],
    }


def _route(destination: str, pcx: str) -> dict[str, Any]:
    return {"DestinationCidrBlock": destination, "VpcPeeringConnectionId": pcx, "State": "active"}


def _connection(pcx: str, peer_vpc: str) -> dict[str, Any]:
    return {
        "VpcPeeringConnectionId": pcx,
        "Status": {"Code": "active"},
        "RequesterVpcInfo": {"VpcId": "vpc-1", "OwnerId": ACCOUNT_ID, "CidrBlock": "10.1.0.0/16"},
        "AccepterVpcInfo": {
            "VpcId": peer_vpc,
            "OwnerId": "210987654321",
            "Region": "eu-west-1",
            "CidrBlockSet": [{"CidrBlock": "10.2.0.0/16"}],
        },
    }
