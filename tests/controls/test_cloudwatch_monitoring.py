"""CIS 5.1 to 5.15 (compliance_tests/cloudwatch/) against moto: the chain trail -> log group
-> metric filter -> alarm -> SNS topic, judged by what each filter matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from fixtures.analysis.cis_monitoring_events import CIS_PATTERNS
from fixtures.aws.cloudwatch import parse_alarms
from fixtures.aws.logs import log_group_location, parse_metric_filters
from fixtures.aws.sns import parse_subscriptions
from fixtures.demo.moto.sns import set_pending_confirmation
from fixtures.results.errors import CannotAssess, MissingField
from tests.conftest import ACCOUNT_ID, Suite

IAM = "cloudwatch/test_iam_policy_changes_monitored.py"
IAM_CASE = "test_iam_policy_changes_monitored[prod]"
MFA = "cloudwatch/test_console_signin_without_mfa_monitored.py"
MFA_CASE = "test_console_signin_without_mfa_monitored[prod]"
GROUP = "cloudtrail-management-events"
GROUP_ARN = f"arn:aws:logs:us-east-1:{ACCOUNT_ID}:log-group:{GROUP}"
NAMESPACE = "CISBenchmark"


def client(suite: Suite, service: str, region: str = "us-east-1") -> Any:
    return boto3.client(
        service,
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def trail(
    suite: Suite,
    *,
    group_arn: str | None = GROUP_ARN,
    multi_region: bool = True,
    logging: bool = True,
    name: str = "management-events",
) -> str:
    """A trail (home us-east-1) delivering to ``group_arn``, with its log group made."""
    client(suite, "s3").create_bucket(Bucket=f"{name}-logs")
    extra = {}
    if group_arn:
        region, _, group = log_group_location(group_arn)
        logs = client(suite, "logs", region)
        if not logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"]:
            logs.create_log_group(logGroupName=group)
        extra = {
            "CloudWatchLogsLogGroupArn": f"{group_arn}:*",
            "CloudWatchLogsRoleArn": f"arn:aws:iam::{ACCOUNT_ID}:role/CloudTrail_CloudWatchLogs",
        }
    cloudtrail = client(suite, "cloudtrail")
    arn: str = cloudtrail.create_trail(
        Name=name, S3BucketName=f"{name}-logs", IsMultiRegionTrail=multi_region, **extra
    )["TrailARN"]
    if logging:
        cloudtrail.start_logging(Name=name)
    return arn


def metric_filter(
    suite: Suite,
    name: str,
    pattern: str,
    *,
    metric: str | None = None,
    region: str = "us-east-1",
    group: str = GROUP,
) -> None:
    client(suite, "logs", region).put_metric_filter(
        logGroupName=group,
        filterName=name,
        filterPattern=pattern,
        metricTransformations=[
            {"metricName": metric or name, "metricNamespace": NAMESPACE, "metricValue": "1"}
        ],
    )


def alarm(
    suite: Suite,
    metric: str,
    actions: list[str],
    *,
    namespace: str = NAMESPACE,
    enabled: bool = True,
    name: str | None = None,
    region: str = "us-east-1",
) -> str:
    cloudwatch = client(suite, "cloudwatch", region)
    cloudwatch.put_metric_alarm(
        AlarmName=name or f"{metric}-alarm",
        MetricName=metric,
        Namespace=namespace,
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        AlarmActions=actions,
        ActionsEnabled=enabled,
    )
    return f"arn:aws:cloudwatch:{region}:{ACCOUNT_ID}:alarm:{name or f'{metric}-alarm'}"


@dataclass
class Topic:
    arn: str
    subscriptions: list[str]


def topic(
    suite: Suite, *, confirmed: int = 1, pending: int = 0, region: str = "us-east-1"
) -> Topic:
    sns = client(suite, "sns", region)
    arn: str = sns.create_topic(Name="security-alarms")["TopicArn"]
    subscriptions = []
    for number in range(pending + confirmed):
        subscription = sns.subscribe(
            TopicArn=arn, Protocol="email", Endpoint=f"soc{number}@example.com"
        )["SubscriptionArn"]
        if number < pending:
            set_pending_confirmation(ACCOUNT_ID, subscription)
        subscriptions.append(subscription)
    return Topic(arn, subscriptions)


def iam_chain(suite: Suite, pattern: str = CIS_PATTERNS["5.4"]) -> Topic:
    """A complete CIS 5.4 chain with ``pattern`` as the filter."""
    trail(suite)
    metric_filter(suite, "iam-policy-changes", pattern)
    alarms = topic(suite)
    alarm(suite, "iam-policy-changes", [alarms.arn])
    return alarms


def test_every_recommendation_passes_with_cis_own_filters(suite: Suite) -> None:
    trail(suite)
    alarms = topic(suite)
    for cis_id, pattern in CIS_PATTERNS.items():
        name = f"cis-{cis_id.replace('.', '-')}"
        metric_filter(suite, name, pattern)
        alarm(suite, name, [alarms.arn])

    run = suite.run(control="cloudwatch")

    run.result.assert_outcomes(passed=15)
    decided = run.evidence()[IAM_CASE]["decided_by"]
    assert decided["Complete chains"].startswith(
        f"{GROUP_ARN}: metric filter 'cis-5-4' ({NAMESPACE}/cis-5-4) -> alarm"
    )
    assert decided["Complete chains"].endswith("email soc0@example.com (confirmed)")
    assert decided[f"Filter 'cis-5-4' of {GROUP_ARN}"].endswith(
        "matches 16 of 16 (iam:DeleteGroupPolicy, iam:DeleteRolePolicy, iam:DeleteUserPolicy,"
        " iam:PutGroupPolicy, iam:PutRolePolicy, iam:PutUserPolicy, iam:CreatePolicy,"
        " iam:DeletePolicy, iam:CreatePolicyVersion, iam:DeletePolicyVersion,"
        " iam:AttachRolePolicy, iam:DetachRolePolicy, iam:AttachUserPolicy,"
        " iam:DetachUserPolicy, iam:AttachGroupPolicy, iam:DetachGroupPolicy)"
    )
    assert decided[f"Filter 'cis-5-1' of {GROUP_ARN}"].endswith(
        "matches 0 of 16; misses "
        + (
            "iam:DeleteGroupPolicy, iam:DeleteRolePolicy, iam:DeleteUserPolicy, iam:PutGroupPolicy,"
            " iam:PutRolePolicy, iam:PutUserPolicy, iam:CreatePolicy, iam:DeletePolicy,"
            " iam:CreatePolicyVersion, iam:DeletePolicyVersion, iam:AttachRolePolicy,"
            " iam:DetachRolePolicy, iam:AttachUserPolicy, iam:DetachUserPolicy,"
            " iam:AttachGroupPolicy, iam:DetachGroupPolicy"
        )
    )
    # the chain is read once for all fifteen controls
    calls = [c["action"] for c in run.evidence()[IAM_CASE]["api_calls"]]
    assert calls.count("logs:DescribeMetricFilters") == 1
    assert calls.count("cloudwatch:DescribeAlarms") == 1


@pytest.mark.parametrize(
    "pattern",
    [
        # other whitespace, reordered || terms, extra parentheses, an added OR term
        CIS_PATTERNS["5.4"].replace(" ", ""),
        "{ " + " || ".join(reversed(CIS_PATTERNS["5.4"][1:-1].split(" || "))) + " }",
        "{ ((" + CIS_PATTERNS["5.4"][1:-1] + ")) || ($.eventName = SetDefaultPolicyVersion) }",
        "{ $.eventSource = iam.amazonaws.com && ($.eventName = *Policy || $.eventName ="
        " *PolicyVersion) }",
    ],
)
def test_an_equivalent_filter_written_differently_passes(suite: Suite, pattern: str) -> None:
    iam_chain(suite, pattern)

    run = suite.run(control=IAM)

    run.result.assert_outcomes(passed=1)


def test_a_filter_that_looks_right_but_misses_an_event_fails_naming_it(suite: Suite) -> None:
    # a typo in one of the sixteen names
    iam_chain(suite, CIS_PATTERNS["5.4"].replace("DetachGroupPolicy", "DetachGroupPolicies"))

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{GROUP_ARN}: no metric filter counts every event of CIS 5.4 (IAM policy changes)"
        in run.output
    )
    decided = run.evidence()[IAM_CASE]["decided_by"]
    assert decided[f"Filter 'iam-policy-changes' of {GROUP_ARN}"].endswith(
        "iam:AttachGroupPolicy); misses iam:DetachGroupPolicy"
    )
    assert (
        "matches 15 of 16 (iam:DeleteGroupPolicy,"
        in decided[f"Filter 'iam-policy-changes' of {GROUP_ARN}"]
    )
    assert decided["Complete chains"] == "none"


def test_a_filter_that_counts_sign_ins_with_mfa_fails_5_2(suite: Suite) -> None:
    trail(suite)
    metric_filter(suite, "console-logins", '{ $.eventName = "ConsoleLogin" }')
    alarm(suite, "console-logins", [topic(suite).arn])

    run = suite.run(control=MFA)

    run.result.assert_outcomes(failed=1)
    decided = run.evidence()[MFA_CASE]["decided_by"]
    assert decided[f"Filter 'console-logins' of {GROUP_ARN}"].endswith(
        "matches 1 of 1 (ConsoleLogin by an IAM user without MFA); also counts what CIS"
        " excludes: ConsoleLogin by an IAM user with MFA"
    )


def test_a_pattern_that_cannot_be_evaluated_counts_for_nothing_and_says_why(suite: Suite) -> None:
    iam_chain(suite, "PutRolePolicy")  # a term pattern: matches raw text, not evaluated

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    decided = run.evidence()[IAM_CASE]["decided_by"]
    assert decided[f"Filter 'iam-policy-changes' of {GROUP_ARN}"] == (
        "'PutRolePolicy': cannot be evaluated (not a JSON pattern ({ ... }): term patterns"
        " match the log line's raw text, which is not evaluated): counts for nothing"
    )


def test_no_trail_fails(suite: Suite) -> None:
    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert "no multi-region trail that is logging, records management events" in run.output
    assert "(0 trail(s) checked)" in run.output


@pytest.mark.parametrize(
    ("arrange", "shortfall"),
    [
        ({"multi_region": False}, "not multi-region"),
        ({"logging": False}, "not logging"),
        ({"group_arn": None}, "delivers to no CloudWatch Logs log group"),
    ],
)
def test_a_trail_that_does_not_qualify_fails_with_its_shortfall(
    suite: Suite, arrange: dict[str, Any], shortfall: str
) -> None:
    arn = trail(suite, **arrange)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"])
    alarm(suite, "iam-policy-changes", [topic(suite).arn])

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert "(1 trail(s) checked)" in run.output
    decided = run.evidence()[IAM_CASE]["decided_by"]
    assert decided[f"Trail {arn}"] == f"does not qualify: {shortfall}"


def test_a_trail_recording_write_events_only_does_not_qualify(suite: Suite) -> None:
    arn = iam_chain(suite) and f"arn:aws:cloudtrail:us-east-1:{ACCOUNT_ID}:trail/management-events"
    client(suite, "cloudtrail").put_event_selectors(
        TrailName="management-events",
        EventSelectors=[{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True}],
    )

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    decided = run.evidence()[IAM_CASE]["decided_by"]
    assert decided[f"Trail {arn}"].startswith("does not qualify: does not record all management")


def test_a_log_group_without_metric_filters_fails(suite: Suite) -> None:
    trail(suite)

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert f"{GROUP_ARN}: no metric filter" in run.output


def test_a_filter_on_another_log_group_does_not_count(suite: Suite) -> None:
    trail(suite)
    client(suite, "logs").create_log_group(logGroupName="application")
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"], group="application")
    alarm(suite, "iam-policy-changes", [topic(suite).arn])

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert f"{GROUP_ARN}: no metric filter" in run.output


def test_the_log_group_region_is_where_filters_and_alarms_are_read(suite: Suite) -> None:
    group_arn = f"arn:aws:logs:eu-west-1:{ACCOUNT_ID}:log-group:{GROUP}"
    trail(suite, group_arn=group_arn)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"], region="eu-west-1")
    alarms = topic(suite)
    alarm(suite, "iam-policy-changes", [alarms.arn], region="eu-west-1")
    # an alarm on the same metric in us-east-1 watches another region's metric
    alarm(suite, "iam-policy-changes", [alarms.arn], name="elsewhere")

    run = suite.run(control=IAM)

    run.result.assert_outcomes(passed=1)
    chains = run.evidence()[IAM_CASE]["decided_by"]["Complete chains"]
    assert f"alarm arn:aws:cloudwatch:eu-west-1:{ACCOUNT_ID}:alarm:" in chains
    assert "alarm:elsewhere" not in chains
    calls = {(c["action"], c["region"]) for c in run.evidence()[IAM_CASE]["api_calls"]}
    assert ("logs:DescribeMetricFilters", "eu-west-1") in calls
    assert ("cloudwatch:DescribeAlarms", "eu-west-1") in calls
    assert ("cloudwatch:DescribeAlarms", "us-east-1") not in calls


def test_an_alarm_only_in_another_region_than_the_log_group_fails(suite: Suite) -> None:
    group_arn = f"arn:aws:logs:eu-west-1:{ACCOUNT_ID}:log-group:{GROUP}"
    trail(suite, group_arn=group_arn)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"], region="eu-west-1")
    alarm(suite, "iam-policy-changes", [topic(suite).arn])  # us-east-1

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert "no alarm on its metric in eu-west-1" in run.output


def test_a_filter_without_an_alarm_fails(suite: Suite) -> None:
    trail(suite)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"])
    # an alarm on a metric of the same name in another namespace watches another metric
    alarm(suite, "iam-policy-changes", [topic(suite).arn], namespace="Other")

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{GROUP_ARN}: metric filter 'iam-policy-changes' ({NAMESPACE}/iam-policy-changes):"
        " no alarm on its metric in us-east-1" in run.output
    )


def test_an_alarm_without_actions_fails(suite: Suite) -> None:
    trail(suite)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"])
    arn = alarm(suite, "iam-policy-changes", [])

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert f"{arn}: alarm on {GROUP_ARN}" in run.output
    assert "no SNS topic (no alarm actions)" in run.output


def test_an_alarm_whose_actions_are_disabled_fails(suite: Suite) -> None:
    trail(suite)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"])
    alarms = topic(suite)
    alarm(suite, "iam-policy-changes", [alarms.arn], enabled=False)

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert f"its actions are disabled ({alarms.arn})" in run.output


def test_a_topic_with_only_pending_subscriptions_fails(suite: Suite) -> None:
    trail(suite)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"])
    alarms = topic(suite, confirmed=0, pending=1)
    arn = alarm(suite, "iam-policy-changes", [alarms.arn])

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{alarms.arn}: alarm {arn} notifies a topic with no confirmed subscription"
        " (email soc0@example.com (PendingConfirmation))" in run.output
    )


def test_a_topic_that_is_gone_fails(suite: Suite) -> None:
    trail(suite)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"])
    gone = f"arn:aws:sns:us-east-1:{ACCOUNT_ID}:deleted-topic"
    alarm(suite, "iam-policy-changes", [gone])

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert f"{gone}: alarm" in run.output
    assert "notifies a topic that is gone" in run.output


def test_a_topic_in_another_region_is_read_in_its_region(suite: Suite) -> None:
    trail(suite)
    metric_filter(suite, "iam-policy-changes", CIS_PATTERNS["5.4"])
    alarms = topic(suite, region="eu-west-1")
    alarm(suite, "iam-policy-changes", [alarms.arn])

    run = suite.run(control=IAM)

    run.result.assert_outcomes(passed=1)
    calls = [(c["action"], c["region"]) for c in run.evidence()[IAM_CASE]["api_calls"]]
    assert ("sns:ListSubscriptionsByTopic", "eu-west-1") in calls
    assert ("logs:DescribeMetricFilters", "us-east-1") in calls


def test_a_log_group_of_another_account_cannot_be_assessed(suite: Suite) -> None:
    trail(suite, group_arn=None)
    other = "arn:aws:logs:us-east-1:210987654321:log-group:central"
    client(suite, "cloudtrail").update_trail(
        Name="management-events", CloudWatchLogsLogGroupArn=f"{other}:*"
    )

    run = suite.run(control=IAM)

    run.result.assert_outcomes(errors=1)
    assert f"{other} belongs to account 210987654321" in run.output
    assert run.verdicts() == {IAM_CASE: "could not assess"}


def test_second_pages_of_filters_alarms_and_subscriptions_are_read(suite: Suite) -> None:
    trail(suite)
    for number in range(50):  # AWS's page of 50 metric filters, 50 alarms
        metric_filter(suite, f"a-{number:02d}", "{ $.eventName = Other }")
        alarm(suite, f"a-{number:02d}", [])
    metric_filter(suite, "z-iam-policy-changes", CIS_PATTERNS["5.4"])
    alarms = topic(suite, confirmed=1, pending=100)  # SNS pages subscriptions by 100
    alarm(suite, "z-iam-policy-changes", [alarms.arn], name="z-alarm")

    run = suite.run(control=IAM)

    run.result.assert_outcomes(passed=1)
    calls = [c["action"] for c in run.evidence()[IAM_CASE]["api_calls"]]
    assert calls.count("logs:DescribeMetricFilters") == 2
    assert calls.count("cloudwatch:DescribeAlarms") == 2
    assert calls.count("sns:ListSubscriptionsByTopic") == 2
    assert run.evidence()[IAM_CASE]["decided_by"]["Complete chains"].endswith(
        "email soc100@example.com (confirmed)"
    )


@pytest.mark.parametrize(
    "action",
    [
        "cloudtrail:DescribeTrails",
        "logs:DescribeMetricFilters",
        "cloudwatch:DescribeAlarms",
        "sns:ListSubscriptionsByTopic",
    ],
)
def test_a_denied_read_cannot_be_assessed(suite: Suite, action: str) -> None:
    iam_chain(suite)
    suite.deny(action)

    run = suite.run(control=IAM)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {IAM_CASE: "could not assess"}


def test_every_monitoring_control_errors_when_the_filters_cannot_be_read(suite: Suite) -> None:
    # All fifteen share one chain judge; each must say it could not assess, none pass.
    iam_chain(suite)
    suite.deny("logs:DescribeMetricFilters")

    run = suite.run(control="cloudwatch")

    run.result.assert_outcomes(errors=15)
    verdicts = run.verdicts()
    assert len(verdicts) == 15
    assert set(verdicts.values()) == {"could not assess"}


def test_a_complete_chain_decides_whatever_other_alarms_lack(suite: Suite) -> None:
    alarms = iam_chain(suite)
    # a second alarm on the metric notifies a topic moto does not know
    foreign = "arn:aws:sns:us-east-1:210987654321:their-topic"
    alarm(suite, "iam-policy-changes", [foreign], name="second")

    run = suite.run(control=IAM)

    run.result.assert_outcomes(passed=1)
    assert alarms.arn in run.evidence()[IAM_CASE]["decided_by"]["Complete chains"]


def test_a_filter_without_its_pattern_is_a_missing_field() -> None:
    page = {"metricFilters": [{"filterName": "f", "metricTransformations": []}]}

    with pytest.raises(MissingField, match="filter 'f' returned no filterPattern"):
        parse_metric_filters([page], GROUP, "us-east-1")


def test_an_empty_pattern_is_a_pattern() -> None:
    metric = {"metricName": "m", "metricNamespace": "n", "metricValue": "1"}
    page = {
        "metricFilters": [
            {"filterName": "f", "filterPattern": "", "metricTransformations": [metric]}
        ]
    }

    assert parse_metric_filters([page], GROUP, "us-east-1")[0].pattern == ""


def test_a_filter_without_a_metric_is_a_missing_field() -> None:
    page = {
        "metricFilters": [{"filterName": "f", "filterPattern": "", "metricTransformations": []}]
    }

    with pytest.raises(MissingField, match="returned no metricTransformations"):
        parse_metric_filters([page], GROUP, "us-east-1")


def test_an_alarm_without_actions_enabled_is_a_missing_field() -> None:
    page = {
        "MetricAlarms": [
            {
                "AlarmArn": "arn:a",
                "AlarmName": "a",
                "AlarmActions": [],
                "MetricName": "m",
                "Namespace": "n",
            }
        ]
    }

    with pytest.raises(MissingField, match="for arn:a returned no ActionsEnabled"):
        parse_alarms([page], "us-east-1")


def test_a_subscription_without_its_arn_is_a_missing_field() -> None:
    page = {"Subscriptions": [{"Protocol": "email", "Endpoint": "a@example.com"}]}

    with pytest.raises(MissingField, match="returned no SubscriptionArn"):
        parse_subscriptions([page], "arn:aws:sns:us-east-1:1:t")


def test_a_log_group_arn_that_is_not_one_is_a_missing_field() -> None:
    with pytest.raises(CannotAssess, match="is not a log group ARN"):
        log_group_location("arn:aws:s3:::bucket")
    assert log_group_location(f"{GROUP_ARN}:*") == ("us-east-1", ACCOUNT_ID, GROUP)


SG = "cloudwatch/test_security_group_changes_monitored.py"


def test_a_filter_for_iam_users_only_fails_naming_the_assumed_role_variant(suite: Suite) -> None:
    iam_chain(suite, '{ $.userIdentity.type = "IAMUser" && (' + CIS_PATTERNS["5.4"][1:-1] + ") }")

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    decided = run.evidence()[IAM_CASE]["decided_by"]
    judged = decided[f"Filter 'iam-policy-changes' of {GROUP_ARN}"]
    assert "matches 0 of 16" in judged
    assert "iam:PutRolePolicy [by an SSO role session (AssumedRole);" in judged


def test_a_filter_for_one_region_only_fails(suite: Suite) -> None:
    trail(suite)
    pattern = '{ $.awsRegion = "us-east-1" && (' + CIS_PATTERNS["5.10"][1:-1] + ") }"
    metric_filter(suite, "sg", pattern)
    alarm(suite, "sg", [topic(suite).arn])

    run = suite.run(control=SG)

    run.result.assert_outcomes(failed=1)
    decided = run.evidence()[IAM_CASE.replace("iam_policy", "security_group")]["decided_by"]
    judged = decided[f"Filter 'sg' of {GROUP_ARN}"]
    assert "ec2:CreateSecurityGroup [in eu-west-1; in ap-southeast-2]" in judged


def test_a_filter_that_counts_every_event_fails(suite: Suite) -> None:
    iam_chain(suite, "{ $.eventVersion = * }")

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    judged = run.evidence()[IAM_CASE]["decided_by"][f"Filter 'iam-policy-changes' of {GROUP_ARN}"]
    assert "matches 16 of 16" in judged
    assert "also counts unrelated events" in judged
    assert "s3:ListBuckets by a role (successful, read-only)" in judged


def test_a_filter_whose_metric_value_is_zero_fails(suite: Suite) -> None:
    trail(suite)
    client(suite, "logs").put_metric_filter(
        logGroupName=GROUP,
        filterName="iam-policy-changes",
        filterPattern=CIS_PATTERNS["5.4"],
        metricTransformations=[
            {"metricName": "iam-policy-changes", "metricNamespace": NAMESPACE, "metricValue": "0"}
        ],
    )
    alarm(suite, "iam-policy-changes", [topic(suite).arn])

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert "metricValue '0' is not a positive number" in run.output


def test_deeply_nested_parentheses_fail_in_one_line_without_a_traceback(suite: Suite) -> None:
    iam_chain(suite, "{" + "(" * 400 + "$.eventName = PutRolePolicy" + ")" * 400 + "}")

    run = suite.run(control=IAM)

    run.result.assert_outcomes(failed=1)
    assert "RecursionError" not in run.output
    judged = run.evidence()[IAM_CASE]["decided_by"][f"Filter 'iam-policy-changes' of {GROUP_ARN}"]
    assert "parentheses nested deeper than 100 levels" in judged


def test_a_regular_expression_filter_cannot_be_assessed(suite: Suite) -> None:
    iam_chain(suite, "{ $.eventName = %(Put|Delete)RolePolicy% }")

    run = suite.run(control=IAM)

    run.result.assert_outcomes(errors=1)
    assert "metric filter 'iam-policy-changes' of" in run.output
    assert "regular expression value (%...%) is not evaluated" in run.output
