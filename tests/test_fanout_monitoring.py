"""The links of the CIS 5.x chains (each qualifying trail's log group's metric filters,
every page, with its region's alarms; then each alarm topic's subscriptions) are read
concurrently in the prefetch, log group with log group, with the same verdict as a plain
loop. Concurrency is seen, not timed, as in tests/test_fanout.py.
"""

from __future__ import annotations

import pytest

from fixtures.analysis.cis_monitoring_events import CIS_PATTERNS
from tests.botocore_hooks import hooked
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.test_cloudwatch_monitoring import (
    IAM,
    IAM_CASE,
    alarm,
    metric_filter,
    topic,
    trail,
)
from tests.page_splitter import PageSplitter
from tests.test_fanout import InFlight

GROUPS = ("alpha-events", "bravo-events", "charlie-events")


def test_each_trails_log_group_is_read_concurrently_with_every_page(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    for group in GROUPS:
        arn = f"arn:aws:logs:us-east-1:{ACCOUNT_ID}:log-group:{group}"
        trail(suite, group_arn=arn, name=group)
        metric_filter(suite, f"{group}-other", CIS_PATTERNS["5.1"], group=group)
    # only the last group's second filter (the second half of its list) monitors CIS 5.4
    metric_filter(suite, "zz-iam-policy-changes", CIS_PATTERNS["5.4"], group=GROUPS[-1])
    alarms = topic(suite)
    alarm(suite, "zz-iam-policy-changes", [alarms.arn])
    probe, splitter = InFlight(), PageSplitter()
    hooked(monkeypatch, ("before-send.logs.DescribeMetricFilters", probe), *splitter.handlers())

    run = suite.run("-p", "tests.fanout_probe", control=IAM)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[IAM_CASE]["decided_by"]
    assert decided["Complete chains"].startswith(
        f"arn:aws:logs:us-east-1:{ACCOUNT_ID}:log-group:{GROUPS[-1]}: metric filter"
        " 'zz-iam-policy-changes'"
    ), decided
    calls = [c["action"] for c in run.evidence()[IAM_CASE]["api_calls"]]
    assert calls.count("logs:DescribeMetricFilters") == 2 * len(GROUPS)  # two pages each
    assert splitter.split[("logs", "DescribeMetricFilters")] >= len(GROUPS)
    assert probe.peak >= 2  # two log groups' filters in flight at once
    assert probe.phases == {"collection"}
