"""AWS Config records every resource type in every region (CIS 4.3)."""

from fixtures.aws.config import ConfigInRegion
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

CONFIG_ENABLED = Control(
    id="config/config-enabled",
    title="AWS Config Enabled In All Regions",
    category="Config",
    severity="medium",
    description=(
        "Ensures each region has an AWS Config recorder that records all supported resource"
        " types, is recording, and whose last attempt did not fail, with a delivery channel;"
        " and that at least one region also records global resource types."
    ),
    more_info=(
        "AWS Config keeps the history of each resource's configuration: what changed, when,"
        " and how resources relate. Investigations, audits and change reviews rest on it,"
        " and a region without a recorder is where changes go unseen. A recorder counts when"
        " it records all supported resource types (allSupported, or the recording strategy"
        " ALL_SUPPORTED_RESOURCE_TYPES; exclusions or a list of types do not count), is"
        " recording, and its last status is not FAILURE; the region also needs a delivery"
        " channel, which sends the history to S3. Global resource types (IAM) need recording"
        " in one region only (recording them in more duplicates the items): that is judged"
        " once for the account, in its home region, from every checked region's recorders."
    ),
    aws_link="https://docs.aws.amazon.com/config/latest/developerguide/gs-console.html",
    recommended_action=(
        "Set up AWS Config in each region named, recording all resource types, and record"
        " global resource types in one region."
    ),
    remediation_steps=(
        "The evidence lists the region's recorders (scope, status, last status) and"
        " delivery channels.",
        "Open the AWS Config console in the region, choose Settings (or Get started), record"
        " all resource types with customizable overrides left empty, choose the"
        " service-linked role and an S3 bucket for the delivery channel, and save; or run"
        " aws configservice put-configuration-recorder with recordingGroup allSupported=true,"
        " put-delivery-channel, and start-configuration-recorder.",
        "If the recorder's last status is FAILURE, read lastErrorCode (aws configservice"
        " describe-configuration-recorder-status): usually the role or the bucket policy.",
        "In one region (the home region), also include global resource types"
        " (includeGlobalResourceTypes=true).",
        "AWS Systems Manager Quick Setup or a CloudFormation StackSet can do this for every"
        " region and account. Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("4.3",), "cloudsploit": ("configservice/configServiceEnabled",)},
    scope="region",
    in_all_regions=True,
)


@CONFIG_ENABLED
def test_config_enabled(config_in_region: ConfigInRegion, region: str, evidence: Evidence) -> None:
    """The region records all supported types with a delivery channel; the judging region
    also needs some checked region to record global resource types."""
    problems = [f"AWS Config in {region}: {p}" for p in config_in_region.config.problems()]
    found = config_in_region.global_types
    if found is not None and not found.recorded_in:
        problems.append(
            "no checked region records global resource types (includeGlobalResourceTypes);"
            f" checked {', '.join(found.checked)}"
        )
    recorder = config_in_region.config.compliant_recorder
    evidence.record("Recorder that meets CIS 4.3", recorder.name if recorder else "none")
    expect_no_violations(problems)
