"""EC2 instances allow only IMDSv2 for their instance metadata."""

from fixtures.aws.ec2 import Ec2Instance, InstanceMetadataDefaults
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

IMDSV2_REQUIRED = Control(
    id="ec2/imdsv2-required",
    title="EC2 Instance Metadata Service Allows Only IMDSv2",
    category="EC2",
    severity="medium",
    description=(
        "Ensures every pending, running, stopping or stopped EC2 instance requires IMDSv2"
        " (MetadataOptions HttpTokens required) or has no instance metadata service at all"
        " (HttpEndpoint disabled), with those options applied."
    ),
    more_info=(
        "IMDSv1 answers any plain GET to 169.254.169.254, so a server-side request forgery"
        " in an application on the instance, or a misconfigured proxy, hands out the"
        " instance role's credentials. IMDSv2 answers only with a session token obtained by a"
        " PUT, which such requests cannot make. An instance with HttpTokens optional allows"
        " both versions; one with HttpEndpoint disabled has no metadata service, so IMDSv1"
        " cannot answer either. Options whose State is pending are not yet in effect and"
        " do not count. Stopped instances count, since they can be started again; instances"
        " shutting down or terminated do not. The evidence also gives the region's instance"
        " metadata defaults (ec2:GetInstanceMetadataDefaults), which new instances launched"
        " without metadata options take; the verdict rests on the instances there are. Each"
        " region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html",
    recommended_action=(
        "Require IMDSv2 on every instance (after checking its software uses IMDSv2), and set"
        " the region's instance metadata default to require it for new instances."
    ),
    remediation_steps=(
        "The evidence names each instance that allows IMDSv1, by ARN, with its HttpTokens,"
        " HttpEndpoint and State.",
        "Check that the instance's software uses IMDSv2 (current AWS SDKs and CLI do; the"
        " CloudWatch metric MetadataNoToken counts IMDSv1 calls per instance).",
        "Run aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required"
        " --http-endpoint enabled; or in the EC2 console select the instance, choose Actions,"
        " Instance settings, Modify instance metadata options, and set IMDSv2 to Required.",
        "Make it the default for new instances: aws ec2 modify-instance-metadata-defaults"
        " --http-tokens required --region REGION, and require it in launch templates.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("6.7",), "cloudsploit": ("ec2/ec2MetadataOptions",)},
    scope="region",
)


@IMDSV2_REQUIRED
def test_imdsv2_required(
    imds_instances: list[Ec2Instance],
    instance_metadata_defaults: InstanceMetadataDefaults | None,
    evidence: Evidence,
) -> None:
    """Each instance that may run requires IMDSv2 or has its metadata endpoint disabled."""
    violations = []
    for instance in imds_instances:
        assert instance.metadata_options is not None  # imds_instances refuses it missing
        why = instance.metadata_options.imdsv1_allowed()
        if why is not None:
            violations.append(f"{instance.arn}: {instance.state}, {why}")
    evidence.record("Instances allowing IMDSv1", len(violations))
    expect_no_violations(violations)
