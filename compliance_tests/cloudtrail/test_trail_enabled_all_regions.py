"""CloudTrail records management events, read and write, in every region (CIS 4.1)."""

from fixtures.aws.cloudtrail import Trail
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

TRAIL_ENABLED_ALL_REGIONS = Control(
    id="cloudtrail/trail-enabled-all-regions",
    title="CloudTrail Enabled In All Regions",
    category="CloudTrail",
    severity="high",
    description=(
        "Ensures the account has at least one multi-region CloudTrail trail that is logging"
        " and records every management event, read and write."
    ),
    more_info=(
        "CloudTrail's record of API calls is how an incident is investigated, a change"
        " traced to who made it, and most other monitoring (CIS section 5) is built. A"
        " multi-region trail also records the regions nobody uses, where an intruder's"
        " resources would otherwise go unseen, and regions AWS adds later. A trail counts"
        " only if GetTrailStatus says it is logging now and its event selectors record all"
        " management events of both kinds without leaving any event source out (a basic"
        " selector with ReadWriteType All and IncludeManagementEvents, or advanced selectors"
        " on eventCategory Management). An organization trail of the management account"
        " counts for a member account; the evidence names whose trail it is. Each trail is"
        " read once, in its home region, however many regions list it."
    ),
    aws_link="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html",
    recommended_action=(
        "Create a multi-region trail that logs all management events (read and write), or"
        " turn logging on and widen the event selectors of an existing multi-region trail."
    ),
    remediation_steps=(
        "The evidence lists every trail and why it does not qualify: single-region, not"
        " logging, or management events not recorded in full.",
        "To create one: in the CloudTrail console choose Trails, Create trail, keep 'Enable"
        " for all accounts in my organization' or not as you need, choose an S3 bucket, and"
        " under Management events select Read and Write; or run aws cloudtrail create-trail"
        " --name NAME --s3-bucket-name BUCKET --is-multi-region-trail and aws cloudtrail"
        " start-logging --name NAME.",
        "For an existing trail: aws cloudtrail update-trail --name NAME"
        " --is-multi-region-trail; aws cloudtrail start-logging --name NAME; aws cloudtrail"
        " put-event-selectors --trail-name NAME --event-selectors"
        ' \'[{"ReadWriteType":"All","IncludeManagementEvents":true}]\'.',
        "Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("4.1",)},
)


def shortfalls(trail: Trail) -> list[str]:
    """Why ``trail`` does not satisfy CIS 4.1 (empty when it does)."""
    reasons = []
    if not trail.is_multi_region:
        reasons.append(f"single-region (home {trail.home_region})")
    if not trail.is_logging:
        reasons.append("not logging (GetTrailStatus IsLogging false)")
    if not trail.management_read:
        reasons.append("does not record all read management events")
    if not trail.management_write:
        reasons.append("does not record all write management events")
    reasons.extend(trail.selector_notes)
    return reasons


@TRAIL_ENABLED_ALL_REGIONS
def test_trail_enabled_all_regions(trails: list[Trail], evidence: Evidence) -> None:
    """At least one multi-region trail logs every management event, read and write."""
    qualifying = [
        trail
        for trail in trails
        if trail.is_multi_region and trail.is_logging and trail.records_all_management_events()
    ]
    for trail in trails:
        if trail not in qualifying:
            evidence.record(f"Does not qualify: {trail.arn}", "; ".join(shortfalls(trail)))
    evidence.record(
        "Multi-region trails logging all management events",
        ", ".join(f"{trail.arn} (owned by {trail.account_id})" for trail in qualifying) or "none",
    )
    violations = (
        []
        if qualifying
        else [
            "no multi-region trail that is logging and records all management events, read"
            f" and write ({len(trails)} trail(s) checked)"
        ]
    )
    expect_no_violations(violations)
