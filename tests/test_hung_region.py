"""A region that does not answer costs seconds, not hours; ``--deadline`` ends a run.

The suite runs two accounts over two regions behind the fault proxy (tests/fault_proxy.py),
whose eu-west-1 accepts every request and answers none. Outcomes are asserted, never
timings: how many requests reached the hung region (the breaker's limit, then none), the
verdict and one-line reason of every result there, the other region's verdicts as without
the hang, and the reports written.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fixtures.aws.unanswered import LIMIT
from fixtures.run.limits import parse_duration
from tests.conftest import ACCOUNT_ID, REPO, Suite, SuiteRun
from tests.fault_proxy import FaultProxy

USAGE_ERROR = 4
HUNG = "eu-west-1"
ACCOUNTS = ("prod", "staging")
# Regional controls (EC2, every region) and one account-wide control (IAM, global).
CONTROLS = [
    REPO / "compliance_tests" / "ec2" / name
    for name in (
        "test_ebs_encryption_by_default.py",
        "test_default_security_group_restricts_all.py",
        "test_vpc_flow_logs.py",
        "test_imdsv2_required.py",
    )
] + [REPO / "compliance_tests" / "iam" / "test_root_access_keys.py"]
# Small, so a timed-out attempt costs a second (the ini option users set too).
QUICK = ("-o", "request_timeout=1")


@pytest.fixture
def proxy(moto_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_url).running() as running:
        yield running


def two_accounts(suite: Suite, proxy: FaultProxy) -> None:
    """``prod`` and ``staging`` (moto's one account under two names), both regions, both
    through the proxy."""
    suite.write_accounts(
        {
            name: {
                "account_id": ACCOUNT_ID,
                "endpoint_url": proxy.url,
                "regions": ["us-east-1", HUNG],
            }
            for name in ACCOUNTS
        }
    )


def run(suite: Suite, *args: str) -> SuiteRun:
    return suite.run(
        *QUICK, *args, *(str(path) for path in CONTROLS[1:]), control=CONTROLS[0], accounts=ACCOUNTS
    )


def in_region(run: SuiteRun, region: str) -> dict[str, dict[str, object]]:
    return {name: record for name, record in run.evidence().items() if f"-{region}]" in name}


def assert_reports_written(run: SuiteRun) -> None:
    assert "Traceback" not in run.output
    assert "INTERNALERROR" not in run.output
    assert "AWS compliance" in run.output
    assert run.html_path.exists()
    assert run.xml_path.exists()
    assert run.record()["results"]


@pytest.mark.parametrize("workers", ["0", "16"], ids=["lazy", "prefetched"])
def test_a_hung_region_is_written_off_after_the_breakers_limit(
    suite: Suite, proxy: FaultProxy, workers: str
) -> None:
    two_accounts(suite, proxy)
    baseline = run(suite, "-o", f"prefetch_workers={workers}")
    assert baseline.result.ret == 1  # moto's default security groups allow traffic
    healthy = {name: r["verdict"] for name, r in in_region(baseline, "us-east-1").items()}
    assert len(healthy) == 4 * len(ACCOUNTS)
    assert len(in_region(baseline, HUNG)) == 4 * len(ACCOUNTS)
    assert "could not assess" not in {r["verdict"] for r in in_region(baseline, HUNG).values()}
    proxy.regions.clear()
    proxy.hang(region=HUNG)

    hung = run(suite, "-o", f"prefetch_workers={workers}")

    assert hung.result.ret == 1
    results = in_region(hung, HUNG)
    assert len(results) == 4 * len(ACCOUNTS)
    for name, record in results.items():
        assert record["verdict"] == "could not assess", name
        reason = str(record["reason"])
        assert f"{HUNG} did not answer" in reason, (name, reason)
        assert "\n" not in reason
    written_off = [
        r for r in results.values() if f"{HUNG} did not answer ({LIMIT}" in str(r["reason"])
    ]
    assert written_off, "no read was refused without a request"
    if workers == "0":
        # One read at a time: each account's first read in the region times out LIMIT
        # times, and nothing more is sent there.
        assert proxy.regions[HUNG] == LIMIT * len(ACCOUNTS)
    else:
        # On threads, the reads already on the wire when the breaker opened time out too.
        assert LIMIT * len(ACCOUNTS) <= proxy.regions[HUNG] <= (LIMIT + 16) * len(ACCOUNTS)
    sent = proxy.regions[HUNG]
    assert {n: r["verdict"] for n, r in in_region(hung, "us-east-1").items()} == healthy
    assert_reports_written(hung)
    assert proxy.regions[HUNG] == sent  # nothing left asking it after the run


def test_a_deadline_reached_mid_run_ends_it_with_the_rest_could_not_assess(
    suite: Suite, proxy: FaultProxy
) -> None:
    two_accounts(suite, proxy)
    proxy.hang(region=HUNG)

    # The hung reads would each wait a minute: only the deadline ends the run early.
    hung = run(suite, "-o", "request_timeout=60", "--deadline", "2s")

    assert hung.result.ret == 1
    reason = "the run's deadline (2s) passed before"
    results = in_region(hung, HUNG)
    assert len(results) == 4 * len(ACCOUNTS)
    for name, record in results.items():
        assert record["verdict"] == "could not assess", name
        assert str(record["reason"]).startswith(reason), (name, record["reason"])
    assert_reports_written(hung)
    warnings = hung.record()["parts"][-1]["warnings"]
    assert any("the run's deadline (2s) passed" in line for line in warnings), warnings


@pytest.mark.parametrize("value", ["20", "0m", "-5m", "1.5h", "m", "20 minutes", "1d", ""])
def test_a_bad_deadline_is_one_line_and_exit_4_before_any_account_is_resolved(
    suite: Suite, proxy: FaultProxy, value: str
) -> None:
    two_accounts(suite, proxy)

    bad = suite.run(f"--deadline={value}", accounts=ACCOUNTS)

    assert bad.result.ret == USAGE_ERROR
    errors = [line for line in bad.output.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        f"ERROR: --deadline {value!r}: give a duration such as 90s, 20m, 1h or 1h30m"
    ], bad.output
    assert "Traceback" not in bad.output
    assert sum(proxy.requests.values()) == 0  # no account was resolved


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("20m", 1200), ("1h", 3600), ("1h30m", 5400), ("2m5s", 125)]
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds
