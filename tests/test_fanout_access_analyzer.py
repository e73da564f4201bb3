"""The ACTIVE findings of each ACTIVE IAM Access Analyzer analyzer of a region are read
concurrently with the other analyzers' in the prefetch, every page of each (AWS and
moto's extension page findings by 100), with the same verdict as a plain loop.
Concurrency is seen, not timed, as in tests/test_fanout.py.
"""

from __future__ import annotations

import pytest

from fixtures.demo.moto.accessanalyzer import set_access_analyzer_findings, set_access_analyzers
from tests.botocore_hooks import hooked
from tests.conftest import ACCOUNT_ID, Suite
from tests.test_fanout import InFlight

CONTROL = "accessanalyzer/test_active_findings.py"
CASE = "test_active_findings[prod-us-east-1]"
REGION = "us-east-1"
ANALYZERS = ("first", "second", "third", "fourth")


def test_each_analyzers_findings_are_read_concurrently_with_every_page(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": name} for name in ANALYZERS])
    for name in ANALYZERS[:-1]:
        set_access_analyzer_findings(ACCOUNT_ID, REGION, name, [{"status": "ARCHIVED"}])
    # the last analyzer's findings fill two pages: the 101st is on the second
    set_access_analyzer_findings(ACCOUNT_ID, REGION, ANALYZERS[-1], [{}] * 101)
    probe = InFlight()
    hooked(monkeypatch, ("before-send.accessanalyzer.ListFindingsV2", probe))

    run = suite.run("-p", "tests.fanout_probe", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "101 violation(s)" in run.output
    violations = "\n".join(run.evidence()[CASE]["violations"])
    assert "arn:aws:s3:::bucket-101: active ExternalAccess" in violations
    calls = [c["action"] for c in run.evidence()[CASE]["api_calls"]]
    assert calls.count("access-analyzer:ListFindings") == len(ANALYZERS) + 1  # one 2nd page
    assert probe.peak >= 2  # two analyzers' findings in flight at once
    assert probe.phases == {"collection"}
