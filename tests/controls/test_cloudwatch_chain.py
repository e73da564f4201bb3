"""The CIS 5.x chain judge (fixtures/aws/cloudwatch.py ``judge_chain``) over canned answers:
what moto cannot show, such as a complete chain next to a link that cannot be read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from fixtures.analysis.cis_monitoring_events import CIS_PATTERNS, CLOUDTRAIL_CHANGES
from fixtures.aws.cloudtrail import S3DataEvents, Trail
from fixtures.aws.cloudwatch import judge_chain
from fixtures.results.errors import MissingField
from tests.controls.canned_aws import CannedAws, CannedByParams

ACCOUNT = "123456789012"
OURS = f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail-events:*"
THEIRS = "arn:aws:logs:us-east-1:210987654321:log-group:central:*"
TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:alarms"
# Sum >= 1 over one period: alarms on the first matching event (as CIS's audit sets it)
FIRES_ON_ONE_EVENT: dict[str, Any] = {
    "Statistic": "Sum",
    "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    "Threshold": 1.0,
    "EvaluationPeriods": 1,
}


def a_trail(name: str, group_arn: str | None, **changes: Any) -> Trail:
    fields: dict[str, Any] = {
        "arn": f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/{name}",
        "name": name,
        "home_region": "us-east-1",
        "is_multi_region": True,
        "is_organization_trail": False,
        "s3_bucket_name": "logs",
        "kms_key_id": None,
        "log_file_validation": True,
        "cloudwatch_logs_log_group_arn": group_arn,
        "cloudwatch_logs_role_arn": None,
        "listed_in": ("us-east-1",),
        "is_logging": True,
        "management_read": True,
        "management_write": True,
        "s3_object_read": S3DataEvents(),
        "s3_object_write": S3DataEvents(),
    }
    fields.update(changes)
    return Trail(**fields)


def canned(pattern: str = CIS_PATTERNS["5.5"], alarm: dict[str, Any] | None = None) -> CannedAws:
    metric = {"metricName": "trail-changes", "metricNamespace": "CIS", "metricValue": "1"}
    return (
        CannedAws()
        .answer(
            "logs",
            "DescribeMetricFilters",
            {
                "metricFilters": [
                    {
                        "filterName": "trail-changes",
                        "filterPattern": pattern,
                        "metricTransformations": [metric],
                    }
                ]
            },
        )
        .answer(
            "cloudwatch",
            "DescribeAlarms",
            {
                "MetricAlarms": [
                    alarm
                    or {
                        "AlarmArn": f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:a",
                        "AlarmName": "a",
                        "MetricName": "trail-changes",
                        "Namespace": "CIS",
                        "ActionsEnabled": True,
                        "AlarmActions": [TOPIC],
                        **FIRES_ON_ONE_EVENT,
                    }
                ]
            },
        )
        .answer(
            "sns",
            "ListSubscriptionsByTopic",
            {
                "Subscriptions": [
                    {
                        "SubscriptionArn": f"{TOPIC}:1",
                        "Protocol": "email",
                        "Endpoint": "soc@example.com",
                    }
                ]
            },
        )
    )


def test_a_complete_chain_decides_though_another_trail_cannot_be_read() -> None:
    trails = [a_trail("central", THEIRS), a_trail("local", OURS)]

    judged = judge_chain(canned().data(), ACCOUNT, trails, CLOUDTRAIL_CHANGES)

    assert len(judged.chains) == 1
    assert judged.chains[0].endswith(f"-> {TOPIC} -> email soc@example.com (confirmed)")
    assert [what for what, _ in judged.unreadable] == [
        "metric filters of arn:aws:logs:us-east-1:210987654321:log-group:central"
    ]


def test_without_a_complete_chain_an_unreadable_link_is_kept_for_the_fixture() -> None:
    trails = [a_trail("central", THEIRS), a_trail("local", OURS)]
    data = canned(pattern="{ $.eventName = StopLogging }").data()

    judged = judge_chain(data, ACCOUNT, trails, CLOUDTRAIL_CHANGES)

    assert judged.chains == []
    assert len(judged.unreadable) == 1
    assert "no metric filter counts every event of CIS 5.5" in judged.gaps[0]


def test_an_alarm_that_lacks_a_field_is_an_unreadable_link() -> None:
    alarm = {"AlarmArn": "arn:aws:cloudwatch:us-east-1:1:alarm:a", "AlarmName": "a"}

    judged = judge_chain(
        canned(alarm=alarm).data(), ACCOUNT, [a_trail("local", OURS)], CLOUDTRAIL_CHANGES
    )

    assert judged.chains == []
    ((what, error),) = judged.unreadable
    assert what == "metric alarms of us-east-1"
    assert isinstance(error, MissingField)
    assert "returned no AlarmActions" in str(error)


@pytest.mark.parametrize(
    ("changes", "shortfall"),
    [
        ({"management_read": False}, "does not record all management events"),
        ({"is_multi_region": False}, "not multi-region"),
    ],
)
def test_a_trail_short_of_the_chain_is_named(changes: dict[str, Any], shortfall: str) -> None:
    trail = a_trail("local", OURS, **changes)

    judged = judge_chain(canned().data(), ACCOUNT, [trail], CLOUDTRAIL_CHANGES)

    assert judged.chains == []
    assert shortfall in judged.evidence[f"Trail {trail.arn}"]


def test_a_log_group_aws_says_is_gone_is_a_gap_not_an_error() -> None:
    # moto answers no filters for a log group it does not know; AWS answers an error
    data = (
        CannedByParams()
        .answer_when(
            "logs",
            "DescribeMetricFilters",
            {"logGroupName": "trail-events"},
            "ResourceNotFoundException",
        )
        .data()
    )

    judged = judge_chain(data, ACCOUNT, [a_trail("local", OURS)], CLOUDTRAIL_CHANGES)

    assert judged.unreadable == []
    assert judged.gaps == [
        f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:trail-events: the trail's log group does"
        " not exist"
    ]


def test_a_topic_aws_says_is_gone_is_a_gap_not_an_error() -> None:
    data = canned()
    gone = CannedByParams()
    gone.answers = data.answers
    gone.answer_when("sns", "ListSubscriptionsByTopic", {"TopicArn": TOPIC}, "NotFound")

    judged = judge_chain(gone.data(), ACCOUNT, [a_trail("local", OURS)], CLOUDTRAIL_CHANGES)

    assert judged.unreadable == []
    assert judged.chains == []
    assert judged.gaps[0].startswith(f"{TOPIC}: alarm arn:aws:cloudwatch:")
    assert judged.gaps[0].endswith("notifies a topic that is gone")


def _metric(value: str = "1", **extra: Any) -> dict[str, Any]:
    return {"metricName": "trail-changes", "metricNamespace": "CIS", "metricValue": value, **extra}


def _with(metric: dict[str, Any], alarm: dict[str, Any] | None = None) -> CannedAws:
    """canned() with this metric transformation and the default alarm changed by ``alarm``."""
    base = {
        "AlarmArn": f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:a",
        "AlarmName": "a",
        "MetricName": "trail-changes",
        "Namespace": "CIS",
        "ActionsEnabled": True,
        "AlarmActions": [TOPIC],
        **FIRES_ON_ONE_EVENT,
    }
    data = canned(alarm={**base, **(alarm or {})})
    filters = {
        "metricFilters": [
            {
                "filterName": "trail-changes",
                "filterPattern": CIS_PATTERNS["5.5"],
                "metricTransformations": [metric],
            }
        ]
    }
    return data.answer("logs", "DescribeMetricFilters", filters)


def _judge(data: CannedAws, trail: Trail | None = None) -> Any:
    return judge_chain(data.data(), ACCOUNT, [trail or a_trail("local", OURS)], CLOUDTRAIL_CHANGES)


@pytest.mark.parametrize("value", ["0", "-1", "0.0", "$.requestParameters.count", "one"])
def test_a_metric_value_that_is_not_a_positive_number_never_completes_the_chain(
    value: str,
) -> None:
    judged = _judge(_with(_metric(value)))

    assert judged.chains == []
    assert f"metricValue {value!r} is not a positive number" in judged.gaps[0]


def test_a_positive_metric_value_completes_the_chain() -> None:
    assert len(_judge(_with(_metric("0.5"), {"Threshold": 0.5})).chains) == 1


def test_a_filter_with_dimensions_and_an_alarm_on_one_value_never_completes_the_chain() -> None:
    metric = _metric(dimensions={"user": "$.userIdentity.userName"})
    judged = _judge(_with(metric, {"Dimensions": [{"Name": "user", "Value": "bob"}]}))

    assert judged.chains == []
    assert "one metric per value of dimension(s) user" in judged.gaps[0]


@pytest.mark.parametrize(
    ("alarm", "why"),
    [
        ({"ComparisonOperator": "LessThanThreshold", "Threshold": 0.0}, "LessThanThreshold 0"),
        ({"ComparisonOperator": "LessThanOrEqualToThreshold"}, "never make it alarm"),
        # the edge: Sum of one event is 1, which >= 1 reaches and > 1 and >= 2 do not
        ({"ComparisonOperator": "GreaterThanThreshold"}, "one event brings the Sum to 1 only"),
        ({"Threshold": 2.0}, "one event brings the Sum to 1 only"),
        ({"Statistic": "SampleCount", "Threshold": 2.0}, "SampleCount to 1 only"),
        ({"Statistic": "Average"}, "statistic Average"),
        ({"Statistic": None, "ExtendedStatistic": "p99"}, "a percentile or metric math"),
        ({"Threshold": None, "ThresholdMetricId": "ad1"}, "no static threshold"),
        ({"EvaluationPeriods": 3, "DatapointsToAlarm": 2}, "needs 2 breaching periods"),
        ({"EvaluationPeriods": 2}, "needs 2 breaching periods"),
    ],
)
def test_an_alarm_that_does_not_fire_on_one_event_never_completes_the_chain(
    alarm: dict[str, Any], why: str
) -> None:
    judged = _judge(_with(_metric(), alarm))

    assert judged.chains == []
    assert "does not fire on one event" in judged.gaps[0]
    assert why in judged.gaps[0]


@pytest.mark.parametrize(
    "alarm",
    [
        {},
        {"ComparisonOperator": "GreaterThanThreshold", "Threshold": 0.0},
        {"Threshold": 0.9},
        {"Statistic": "Maximum"},
        {"Statistic": "SampleCount"},
        {"EvaluationPeriods": 3, "DatapointsToAlarm": 1},
    ],
)
def test_an_alarm_that_fires_on_one_event_completes_the_chain(alarm: dict[str, Any]) -> None:
    assert len(_judge(_with(_metric(), alarm)).chains) == 1


def test_an_alarm_without_its_comparison_operator_is_an_unreadable_link() -> None:
    judged = _judge(_with(_metric(), {"ComparisonOperator": None}))

    ((what, error),) = judged.unreadable
    assert what == "metric alarms of us-east-1"
    assert isinstance(error, MissingField)


def test_a_filter_without_its_metric_value_is_an_unreadable_link() -> None:
    judged = _judge(_with({"metricName": "trail-changes", "metricNamespace": "CIS"}))

    ((_, error),) = judged.unreadable
    assert "returned no metricValue" in str(error)


def test_a_trail_whose_cloudwatch_delivery_fails_does_not_qualify() -> None:
    failing = a_trail("local", OURS, latest_cloudwatch_logs_delivery_error="AccessDeniedException")

    judged = _judge(_with(_metric()), failing)

    assert judged.chains == []
    assert "no multi-region trail" in judged.gaps[0]
    assert judged.evidence[f"Trail {failing.arn}"] == (
        "does not qualify: its CloudWatch Logs delivery fails"
        " (LatestCloudWatchLogsDeliveryError AccessDeniedException; never delivered)"
    )


def test_a_regular_expression_filter_leaves_the_chain_unassessed_naming_it() -> None:
    data = _with(_metric()).answer(
        "logs",
        "DescribeMetricFilters",
        {
            "metricFilters": [
                {
                    "filterName": "trail-regex",
                    "filterPattern": "{ $.eventName = %(Create|Update|Delete)Trail% }",
                    "metricTransformations": [_metric()],
                }
            ]
        },
    )

    judged = _judge(data)

    assert judged.chains == []
    ((what, error),) = judged.unreadable
    assert what == "metric filter 'trail-regex' of " + OURS.removesuffix(":*")
    assert "regular expression value (%...%) is not evaluated" in str(error)


def test_a_delivery_error_disqualifies_a_trail_that_delivered_before() -> None:
    delivered = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    failing = a_trail(
        "local",
        OURS,
        latest_cloudwatch_logs_delivery_time=delivered,
        latest_cloudwatch_logs_delivery_error="ResourceNotFoundException",
    )

    judged = _judge(_with(_metric()), failing)

    assert judged.chains == []
    assert judged.evidence[f"Trail {failing.arn}"].endswith(
        "(LatestCloudWatchLogsDeliveryError ResourceNotFoundException;"
        " last delivered 2026-11-30T09:00:00+00:00)"
    )
    # the same trail without the error completes the chain
    assert (
        len(
            _judge(
                _with(_metric()),
                a_trail("local", OURS, latest_cloudwatch_logs_delivery_time=delivered),
            ).chains
        )
        == 1
    )
