"""EC2 instances reach AWS with an IAM role, not with stored access keys."""

from fixtures.aws.ec2 import Ec2Instance
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

INSTANCE_ROLES = Control(
    id="ec2/instance-roles",
    title="EC2 Instances Use IAM Roles",
    category="EC2",
    severity="medium",
    description=(
        "Ensures every pending, running, stopping or stopped EC2 instance has an IAM instance"
        " profile, so software on it calls AWS with the role's temporary credentials."
    ),
    more_info=(
        "Software on an instance without a role that calls AWS needs access keys kept on the"
        " instance: in files, environment variables or images, where they are copied with"
        " snapshots and AMIs, read by anyone who gets onto the host, and seldom rotated. An"
        " instance profile hands the instance short-lived credentials that AWS rotates by"
        " itself, and the role's policy says in one place what the instance may do."
        " Stopped instances count, since they can be started again; instances shutting down"
        " or terminated do not. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
    recommended_action=(
        "Attach an instance profile whose role grants what the instance's software needs,"
        " then remove any access keys stored on the instance."
    ),
    remediation_steps=(
        "The evidence names each instance without an instance profile, by ARN and state.",
        "Find out which AWS APIs the instance's software calls (CloudTrail events by the"
        " access key it uses help) and create an IAM role for EC2 with only those"
        " permissions; the console creates the instance profile along with the role.",
        "Open the EC2 console in the instance's region, select the instance, choose Actions,"
        " Security, Modify IAM role, pick the role and save; or run aws ec2"
        " associate-iam-instance-profile --instance-id ID --iam-instance-profile Name=PROFILE.",
        "Remove the access keys stored on the instance (credentials files, environment"
        " variables, application configuration) so the SDK falls back to the role, and"
        " deactivate and then delete those keys in IAM.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("2.16",)},
    scope="region",
)


@INSTANCE_ROLES
def test_instance_roles(ec2_instances: list[Ec2Instance], evidence: Evidence) -> None:
    """Every instance that is not shutting down or terminated has an instance profile."""
    in_use = [instance for instance in ec2_instances if instance.in_use]
    violations = [
        f"{instance.arn}: {instance.state}, no IAM instance profile"
        for instance in in_use
        if instance.instance_profile_arn is None
    ]
    evidence.record("Instances without an instance profile", len(violations))
    expect_no_violations(violations)
