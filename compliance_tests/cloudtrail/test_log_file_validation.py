"""Every CloudTrail trail has log file validation enabled (CIS 4.2)."""

from fixtures.aws.cloudtrail import TrailSettings
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.targets import ResolvedAccount

LOG_FILE_VALIDATION = Control(
    id="cloudtrail/log-file-validation",
    title="CloudTrail Log File Validation Enabled",
    category="CloudTrail",
    severity="medium",
    description=(
        "Ensures every CloudTrail trail that applies to the checked regions has log file"
        " validation enabled, so tampering with its log files can be detected."
    ),
    more_info=(
        "With validation on, CloudTrail delivers every hour a digest file, signed with a"
        " private key of CloudTrail's, that holds a SHA-256 hash of each log file delivered."
        " aws cloudtrail validate-logs can then prove that a log file was not modified,"
        " deleted or forged after delivery: without it, someone who can write to the bucket"
        " can rewrite history unseen. Each trail is judged once (by ARN), whichever regions"
        " list it; an organization trail seen from a member account is named with the"
        " account that owns it, where it must be fixed. LogFileValidationEnabled comes from"
        " cloudtrail:DescribeTrails."
    ),
    aws_link="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-enabling.html",
    recommended_action="Enable log file validation on every trail.",
    remediation_steps=(
        "The evidence names each trail without log file validation, by ARN and home region.",
        "In the CloudTrail console of the trail's home region (and of the account that owns"
        " it), open the trail, choose Edit under General details, select 'Log file"
        " validation: Enabled' and save; or run aws cloudtrail update-trail --name ARN"
        " --enable-log-file-validation --region HOME_REGION.",
        "Run this control again.",
    ),
    frameworks={
        "cis-aws-7.0": ("4.2",),
        "cloudsploit": ("cloudtrail/cloudtrailFileValidation",),
    },
)


@LOG_FILE_VALIDATION
def test_log_file_validation(
    trail_settings: list[TrailSettings], account: ResolvedAccount, evidence: Evidence
) -> None:
    """LogFileValidationEnabled is true on every trail."""
    violations = [
        f"{trail.arn}: LogFileValidationEnabled false (home {trail.home_region}"
        f"{trail.owner_note(account.account_id)})"
        for trail in trail_settings
        if not trail.log_file_validation
    ]
    evidence.record(
        "Trails with log file validation",
        f"{len(trail_settings) - len(violations)} of {len(trail_settings)}",
    )
    expect_no_violations(violations)
