"""Routes to VPC peering connections send only what must cross them."""

from fixtures.aws.ec2_vpc import PeeringRouting
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.inputs import AttestationCheck

PEERING_ROUTES_LEAST_ACCESS = Control(
    id="ec2/peering-routes-least-access",
    title="VPC Peering Routes Least Access",
    category="EC2",
    severity="medium",
    description=(
        'Ensures the routes to VPC peering connections are "least access": each sends only'
        " the addresses that must reach the peer; a person attests it, with every such route"
        " and the peer VPC's CIDR blocks as evidence."
    ),
    more_info=(
        "A peering connection joins two networks; the route tables decide which subnets"
        " reach which addresses of the peer. A route for the peer's whole block, attached to"
        " every subnet's route table, opens far more than the one service that needed it."
        " Which subnets and hosts must talk across a peering is a design decision, so this"
        " control lists each route to a peering connection (route table ARN, destination,"
        " the peer VPC, its account, region and CIDR blocks, and whether the destination is"
        " narrower than, equal to or wider than the peer's blocks) and asks for an"
        " attestation. A region with no routes to peering connections passes on that"
        " evidence. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html",
    recommended_action=(
        "Narrow each route to a peering connection to the host or subnet addresses that must"
        " be reached, only in the route tables of the subnets that need it, then record an"
        " attestation in attestations.toml."
    ),
    remediation_steps=(
        "Read the routes the evidence lists, with the peer VPC's blocks beside each.",
        "For each, find which subnets of this VPC must reach which addresses of the peer.",
        "Replace a broad route with narrower ones (aws ec2 create-route --route-table-id RTB"
        " --destination-cidr-block HOST/32 --vpc-peering-connection-id PCX, then aws ec2"
        " delete-route for the broad one), and remove the route from route tables of subnets"
        " that do not need the peer.",
        "Have the network owner add an [[attestation]] for this control and account to"
        " attestations.toml, with an expiry date for the next review.",
    ),
    frameworks={"cis-aws-7.0": ("6.6",)},
    scope="region",
)


@PEERING_ROUTES_LEAST_ACCESS
def test_peering_routes_least_access(
    peering_routing: PeeringRouting, attestation: AttestationCheck, evidence: Evidence
) -> None:
    """No route to a peering connection: passes. Otherwise a person must attest."""
    if not peering_routing.routes:
        evidence.record("Applies", "no: no route table routes to a VPC peering connection")
        return
    for number, route in enumerate(peering_routing.routes, 1):
        evidence.record(f"Peering route {number}", peering_routing.judge(route))
    attestation.require()
