"""VPCs reach AWS services through VPC endpoints."""

from fixtures.aws.ec2_vpc import VpcEndpoints
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.run.inputs import AttestationCheck

VPC_ENDPOINTS_USED = Control(
    id="ec2/vpc-endpoints-used",
    title="VPC Endpoints Used For AWS Services",
    category="EC2",
    severity="low",
    description=(
        "Ensures VPCs reach the AWS services they use through VPC endpoints; a person attests"
        " it, with each VPC's endpoints as evidence."
    ),
    more_info=(
        "Without an endpoint, traffic from a VPC to S3, DynamoDB, KMS or another AWS service"
        " leaves through an internet or NAT gateway to the service's public address. A VPC"
        " endpoint keeps it on the AWS network, needs no internet path for private subnets,"
        " and its endpoint policy (and aws:SourceVpce conditions in resource policies) can"
        " limit which identities and resources are reached. Which services each VPC's"
        " workloads use is known to the people who run them, so this control lists each VPC"
        " with its endpoints (service, type, state) and asks for an attestation. A region"
        " without VPCs passes on that evidence. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html",
    recommended_action=(
        "Create gateway endpoints (S3, DynamoDB) and interface endpoints for the AWS services"
        " each VPC's workloads call, then record an attestation in attestations.toml."
    ),
    remediation_steps=(
        "Read each VPC's endpoints in the evidence.",
        "List the AWS services the VPC's workloads call (VPC flow logs to AWS address"
        " ranges, or CloudTrail events by the VPC's roles, help).",
        "Create the missing endpoints: aws ec2 create-vpc-endpoint --vpc-id VPC"
        " --service-name com.amazonaws.REGION.s3 --route-table-ids RTB (gateway), or"
        " --vpc-endpoint-type Interface --subnet-ids ... --security-group-ids ... (interface),"
        " with an endpoint policy that allows only what is needed.",
        "Have the network owner add an [[attestation]] for this control and account to"
        " attestations.toml, with an expiry date for the next review.",
    ),
    frameworks={"cis-aws-7.0": ("6.8",)},
    scope="region",
)


@VPC_ENDPOINTS_USED
def test_vpc_endpoints_used(
    vpc_endpoints: VpcEndpoints, attestation: AttestationCheck, evidence: Evidence
) -> None:
    """No VPC in the region: passes. Otherwise a person must attest, with the endpoints."""
    if not vpc_endpoints.vpcs:
        evidence.record("Applies", "no: the region has no VPC")
        return
    for vpc in vpc_endpoints.vpcs:
        endpoints = vpc_endpoints.of(vpc)
        evidence.record(
            vpc.arn, "; ".join(endpoint.describe() for endpoint in endpoints) or "no endpoints"
        )
    attestation.require()
