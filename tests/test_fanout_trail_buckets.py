"""The buckets trails deliver to (``s3:GetBucketLogging`` each, in its region) are read
concurrently in the prefetch, with every page of the lists they come from read
(tests/page_splitter.py splits each list in two), and the same verdict as a plain loop.
Concurrency is seen, not timed, as in tests/test_fanout.py.
"""

from __future__ import annotations

import pytest

from tests.botocore_hooks import hooked
from tests.conftest import Suite
from tests.controls.test_cloudtrail_bucket_access_logging import CASE, CONTROL, enable_logging
from tests.controls.test_cloudtrail_trail_enabled_all_regions import trail
from tests.page_splitter import PageSplitter
from tests.test_fanout import InFlight

TRAILS = ("alpha", "bravo", "charlie", "delta")


def test_trail_buckets_are_read_concurrently_with_every_page(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    arns = {name: trail(suite, name) for name in TRAILS}
    for name in TRAILS[:-1]:
        enable_logging(suite, f"{name}-logs")
    probe, splitter = InFlight(), PageSplitter()
    hooked(monkeypatch, ("before-send.s3.GetBucketLogging", probe), *splitter.handlers())

    run = suite.run("-p", "tests.fanout_probe", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        "arn:aws:s3:::delta-logs: server access logging disabled (region us-east-1);"
        f" trails: {arns['delta']}" in run.output
    )
    decided = run.evidence()[CASE]["decided_by"]
    for name in TRAILS[:-1]:
        assert decided[f"Logging: arn:aws:s3:::{name}-logs"] == f"to {name}-logs-access/ct/"
    assert splitter.split[("s3", "ListBuckets")] >= 1
    assert probe.peak >= 2  # two buckets' logging in flight at once
    assert probe.phases == {"collection"}
