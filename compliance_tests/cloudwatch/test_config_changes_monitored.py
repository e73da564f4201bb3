"""CIS 5.9: AWS Config Configuration Changes Monitored (metric filter, alarm, confirmed topic)."""

from fixtures.analysis.cis_monitoring_events import CONFIG_CHANGES
from fixtures.aws.cloudwatch import CHAIN_RULES, ChainJudgement, expect_chain
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence

# The events this control's filter must count (and, where CIS says so, must not).
MONITORED = CONFIG_CHANGES

CONFIG_CHANGES_MONITORED = Control(
    id="cloudwatch/config-changes-monitored",
    title="AWS Config Configuration Changes Monitored",
    category="CloudWatch",
    severity="medium",
    description=(
        "Ensures a multi-region CloudTrail trail delivers to a CloudWatch Logs log group with"
        " a metric filter that counts AWS Config StopConfigurationRecorder,"
        " DeleteDeliveryChannel, PutDeliveryChannel and PutConfigurationRecorder, an alarm on"
        " that metric, and an SNS topic behind the alarm with a confirmed subscription."
    ),
    more_info=(
        "Stopping AWS Config removes the record of resource configurations; an alarm shows"
        " when it happens. The filter is judged by what it matches, not by its text: its"
        " pattern is evaluated against a CloudTrail record of each event CIS names, so an"
        " equivalent pattern written differently counts and one that misses an event does"
        " not. The chain is read account-wide: any trail that is multi-region, logging and"
        " recording management events read and write will do." + CHAIN_RULES
    ),
    aws_link="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
    recommended_action=(
        "Create a metric filter on the trail's log group for these events, an alarm on its"
        " metric, and an SNS topic with a confirmed subscription as the alarm's action."
    ),
    remediation_steps=(
        "The evidence names the link that is missing: the trail, the log group, each"
        " metric filter with the events it matched and missed, the alarm, or the topic.",
        "If no trail qualifies, make a multi-region trail that is logging, records"
        " management events read and write, and sends its events to a CloudWatch Logs"
        " log group (CloudTrail console, the trail, CloudWatch Logs, Edit).",
        "Create a metric filter on that log group, for example: aws logs put-metric-filter"
        " --log-group-name GROUP --filter-name NAME --metric-transformations"
        " metricName=NAME,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern "
        "'{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfi"
        "gurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.event"
        "Name = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)"
        ") }'.",
        "Create an SNS topic and subscribe a monitored endpoint; confirm the subscription"
        " (an email subscription stays PendingConfirmation until its link is followed).",
        "Create an alarm on the filter's metric (same name and namespace) in the log"
        " group's region, with the topic as an alarm action: aws cloudwatch"
        " put-metric-alarm --alarm-name NAME --metric-name NAME --namespace CISBenchmark"
        " --statistic Sum --period 300 --threshold 1 --comparison-operator"
        " GreaterThanOrEqualToThreshold --evaluation-periods 1 --alarm-actions TOPIC_ARN.",
        "Run this control again.",
    ),
    frameworks={"cis-aws-7.0": ("5.9",)},
)


@CONFIG_CHANGES_MONITORED
def test_config_changes_monitored(monitoring_chain: ChainJudgement, evidence: Evidence) -> None:
    """A complete chain: trail, log group, a filter that counts the events, alarm, topic."""
    expect_chain(monitoring_chain, MONITORED, evidence)
