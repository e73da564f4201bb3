"""A region that does not answer costs seconds, not hours; ``--deadline`` ends a run.

The suite runs two accounts over two regions behind the fault proxy (tests/fault_proxy.py),
whose eu-west-1 accepts every request and answers none. Outcomes are asserted, never
timings: how many requests reached the hung region (the breaker's limit, then none), the
verdict and one-line reason of every result there, the other region's verdicts as without
the hang, and the reports written.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from fixtures.aws.unanswered import LIMIT, Breakers
from fixtures.run.deadline import Deadline, set_current
from fixtures.run.limits import _XdistDeadline, parse_duration, parse_request_timeout
from tests.conftest import ACCOUNT_ID, REPO, Suite, SuiteRun, assert_unresolved
from tests.fault_proxy import Answer, FaultProxy

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
# Small, so a timed-out attempt costs seconds (the ini option users set too), yet ample for
# the local moto server on a loaded machine.
QUICK = ("-o", "request_timeout=2")


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
    # Requests already on the wire when the breaker trips time out too: the count it
    # states is at least its limit.
    counts = [
        int(found.group(1))
        for r in results.values()
        if (
            found := re.search(
                rf"{HUNG} did not answer \((\d+) requests timed out or could not connect\)",
                str(r["reason"]),
            )
        )
        and "was not asked again" in str(r["reason"])
    ]
    assert all(count >= LIMIT for count in counts), counts
    written_off = counts
    assert written_off, "no read was refused without a request"
    if workers == "0":
        # One read at a time: each account's first two reads in the region time out LIMIT
        # times each (each read written off), the third read's first attempt makes LIMIT
        # operations in a row without an answer, and nothing more is sent there.
        assert proxy.regions[HUNG] == (2 * LIMIT + 1) * len(ACCOUNTS)
    else:
        # On threads, the reads already on the wire when the breaker opened time out too.
        assert LIMIT * len(ACCOUNTS) <= proxy.regions[HUNG] <= (LIMIT + 16) * len(ACCOUNTS)
    sent = proxy.regions[HUNG]
    assert {n: r["verdict"] for n, r in in_region(hung, "us-east-1").items()} == healthy
    assert_reports_written(hung)
    assert proxy.regions[HUNG] == sent  # nothing left asking it after the run


def test_an_account_that_stops_answering_is_written_off_whole(
    suite: Suite, proxy: FaultProxy
) -> None:
    two_accounts(suite, proxy)
    resolved: list[str] = []

    def then_hang(answer: Answer) -> Answer:
        # Both accounts resolved (one ec2:DescribeRegions each): from now on nothing answers.
        resolved.append("DescribeRegions")
        if len(resolved) == len(ACCOUNTS):
            proxy.hang(region="us-east-1")
            proxy.hang(region=HUNG)
        return answer

    proxy.faults["DescribeRegions"] = then_hang

    hung = run(suite, "-o", "prefetch_workers=0")

    assert hung.result.ret == 1
    assert len(hung.evidence()) == (4 * 2 + 1) * len(ACCOUNTS)  # 4 regional, 1 global
    reasons = [str(record["reason"]) for record in hung.evidence().values()]
    for name, record in hung.evidence().items():
        assert record["verdict"] == "could not assess", name
        assert " did not answer" in str(record["reason"]), (name, record["reason"])
    # Reads one at a time: the first reads are written off one by one (LIMIT attempts each)
    # until LIMIT different ones in a row, all in the home region, write the account off;
    # what is left is refused without a request, in both regions.
    written_off = [r for r in reasons if "the account did not answer" in r]
    assert written_off, reasons
    assert all("was not asked" in r for r in written_off)
    unanswered = re.compile(r"\((\d+) requests timed out or could not connect\)")
    assert all(unanswered.search(r) for r in written_off), written_off
    counts = {int(m.group(1)) for r in written_off if (m := unanswered.search(r))}
    assert max(counts) <= 5 * LIMIT, counts  # bounded: a few reads' attempts, not every read's
    assert_reports_written(hung)


def test_throttling_is_an_answer_and_still_retried(suite: Suite, proxy: FaultProxy) -> None:
    # The breaker counts only attempts without an answer: a throttled region is there, and
    # botocore's retries (with backoff) carry the read through.
    two_accounts(suite, proxy)
    throttled = (
        b"<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit"
        b" exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>"
    )
    seen: list[int] = []

    def throttle(answer: Answer) -> Answer:
        seen.append(1)
        return Answer(503, answer.headers, throttled) if len(seen) % 4 else answer

    proxy.faults["GetEbsEncryptionByDefault"] = throttle

    run = suite.run(*QUICK, "-o", "prefetch_workers=0", control=CONTROLS[0], accounts=ACCOUNTS)

    # Each of the four reads answered on its fourth attempt, past LIMIT throttles in a row.
    assert proxy.requests["GetEbsEncryptionByDefault"] == 4 * 4
    assert set(run.verdicts().values()) == {"violation"}  # moto: encryption off by default
    assert_reports_written(run)


def test_a_deadline_reached_mid_run_ends_it_with_the_rest_could_not_assess(
    suite: Suite, proxy: FaultProxy
) -> None:
    two_accounts(suite, proxy)
    proxy.hang(region=HUNG)

    # The hung reads would each wait a minute: only the deadline ends the run early.
    hung = run(suite, "-o", "request_timeout=60", "--deadline", "6s")

    assert hung.result.ret == 1
    reason = "the run's deadline (6s) passed before"
    results = in_region(hung, HUNG)
    assert len(results) == 4 * len(ACCOUNTS)
    for name, record in results.items():
        assert record["verdict"] == "could not assess", name
        assert str(record["reason"]).startswith(reason), (name, record["reason"])
    # What was read before the deadline is judged: us-east-1 answered (prefetched) at once.
    judged = {
        name: record["verdict"]
        for name, record in hung.evidence().items()
        if name not in results and record["verdict"] != "could not assess"
    }
    assert judged, "nothing answered before the deadline was judged"
    assert set(judged.values()) <= {"compliant", "violation"}
    assert_reports_written(hung)
    warnings = hung.record()["parts"][-1]["warnings"]
    assert any("the run's deadline (6s) passed" in line for line in warnings), warnings


def test_under_xdist_every_worker_keeps_the_controllers_deadline(
    suite: Suite, proxy: FaultProxy
) -> None:
    two_accounts(suite, proxy)
    proxy.hang(region=HUNG)

    hung = run(suite, "-n", "2", "-o", "request_timeout=60", "--deadline", "2s")

    assert hung.result.ret == 1
    results = in_region(hung, HUNG)
    assert len(results) == 4 * len(ACCOUNTS)
    for name, record in results.items():
        assert record["verdict"] == "could not assess", name
        assert str(record["reason"]).startswith("the run's deadline (2s) passed before"), name
    assert_reports_written(hung)


def test_the_controller_hands_each_worker_its_own_instant() -> None:
    at = time.time() + 60
    set_current(Deadline(at, "1m"))
    node = SimpleNamespace(workerinput={})
    try:
        _XdistDeadline().pytest_configure_node(node)
    finally:
        set_current(None)
    assert node.workerinput == {"aws_compliance_deadline": (at, "1m")}


@pytest.mark.parametrize(
    "value", ["20", "0m", "-5m", "1.5h", "m", "20 minutes", "1d", "", "999999999h", "1h99m"]
)
def test_a_bad_deadline_is_one_line_and_exit_4_before_any_account_is_resolved(
    suite: Suite, proxy: FaultProxy, value: str
) -> None:
    two_accounts(suite, proxy)

    bad = suite.run(f"--deadline={value}", accounts=ACCOUNTS)

    assert bad.result.ret == USAGE_ERROR
    errors = [line for line in bad.output.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        f"ERROR: --deadline {value!r}: give a duration such as 90s, 20m, 1h or 1h30m,"
        " at most 168h (7 days)"
    ], bad.output
    assert "Traceback" not in bad.output
    assert sum(proxy.requests.values()) == 0  # no account was resolved


@pytest.mark.parametrize(
    ("text", "seconds"), [("90s", 90), ("20m", 1200), ("1h", 3600), ("1h30m", 5400), ("2m5s", 125)]
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("168h", 604800), ("167h59m59s", 604799), ("1h59m59s", 7199), ("90m", 5400), ("1s", 1)],
)
def test_durations_at_their_limits(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["168h1s", "169h", "10081m", "1h60m", "1m60s", "0s", "0h0m0s"])
def test_durations_past_their_limits_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(text)):
        parse_duration(text)


@pytest.mark.parametrize(("text", "seconds"), [("600", 600), ("0.5", 0.5), ("20", 20)])
def test_request_timeouts(text: str, seconds: float) -> None:
    assert parse_request_timeout(text) == seconds


@pytest.mark.parametrize("text", ["600.001", "601", "0", "-5", "abc", "nan", "inf", "1e300"])
def test_request_timeouts_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(text)):
        parse_request_timeout(text)


def test_a_bad_request_timeout_is_one_line_and_exit_4_before_any_account_is_resolved(
    suite: Suite, proxy: FaultProxy
) -> None:
    two_accounts(suite, proxy)

    bad = suite.run("-o", "request_timeout=99999999999", accounts=ACCOUNTS)

    assert bad.result.ret == USAGE_ERROR
    errors = [line for line in bad.output.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        "ERROR: request_timeout = '99999999999': give a number of seconds above 0 and at most 600"
    ], bad.output
    assert "Traceback" not in bad.output
    assert sum(proxy.requests.values()) == 0


def test_hung_operations_lose_only_the_controls_that_read_them(
    suite: Suite, proxy: FaultProxy
) -> None:
    # Two operations that never answer, in every region (one service endpoint down, or
    # a name that does not resolve): only their controls are lost, the region is not.
    two_accounts(suite, proxy)
    baseline = run(suite)
    proxy.hang(operation="GetEbsEncryptionByDefault")
    proxy.hang(operation="DescribeFlowLogs")

    hung = run(suite)

    lost = ("test_ebs_encryption_by_default", "test_vpc_flow_logs")
    for name, record in hung.evidence().items():
        if name.startswith(lost):
            assert record["verdict"] == "could not assess", name
            assert "did not answer" in str(record["reason"]), (name, record["reason"])
            assert "\n" not in str(record["reason"])
        else:  # judged as without the fault
            assert record["verdict"] == baseline.evidence()[name]["verdict"], name
    assert len(hung.evidence()) == len(baseline.evidence())
    assert_reports_written(hung)


# --- the breakers themselves ------------------------------------------------------------


def test_a_region_is_written_off_at_the_limit_of_timeouts_in_a_row() -> None:
    breakers = Breakers("us-east-1")
    breakers.answered("us-east-1")
    for _ in range(LIMIT - 1):
        breakers.timed_out(HUNG)
    assert breakers.reason(HUNG) is None  # one short of the limit: still asked
    breakers.timed_out(HUNG)
    assert (
        breakers.reason(HUNG)
        == f"{HUNG} did not answer ({LIMIT} requests timed out or could not connect)"
    )
    assert breakers.reason("us-east-1") is None
    breakers.answered(HUNG)  # an answer to a request already on the wire
    assert breakers.reason(HUNG) is not None  # written off for the run


def test_an_answer_in_between_clears_the_count() -> None:
    breakers = Breakers("us-east-1")
    for _ in range(LIMIT - 1):
        breakers.timed_out(HUNG)
    breakers.answered(HUNG)  # throttled or refused is an answer too
    for _ in range(LIMIT - 1):
        breakers.timed_out(HUNG)
    assert breakers.reason(HUNG) is None


def test_an_account_whose_home_region_and_all_else_stopped_answering_is_written_off() -> None:
    breakers = Breakers("us-east-1")
    breakers.answered("us-east-1")  # its resolution (ec2:DescribeRegions), before the fault
    breakers.timed_out(HUNG)
    for _ in range(LIMIT):
        breakers.timed_out("us-east-1")
    expected = f"the account did not answer ({LIMIT + 1} requests timed out or could not connect)"
    assert breakers.reason(HUNG) == expected  # not asked again, though short of the limit
    assert breakers.reason("us-east-1") == expected
    assert breakers.reason("ap-south-1") == expected  # nor asked at all


def test_an_account_that_answered_meanwhile_loses_only_its_home_region() -> None:
    breakers = Breakers("us-east-1")
    breakers.timed_out("us-east-1")
    breakers.answered(HUNG)
    for _ in range(LIMIT - 1):
        breakers.timed_out("us-east-1")
    assert (
        breakers.reason("us-east-1")
        == f"us-east-1 did not answer ({LIMIT} requests timed out or could not connect)"
    )
    assert breakers.reason(HUNG) is None
    assert breakers.reason("ap-south-1") is None


def test_other_regions_written_off_leave_the_account() -> None:
    breakers = Breakers("us-east-1")
    for _ in range(LIMIT):
        breakers.timed_out(HUNG)
    assert breakers.reason(HUNG) is not None
    assert breakers.reason("us-east-1") is None


def test_the_breakers_count_every_thread() -> None:
    breakers = Breakers("us-east-1", limit=1000)

    def time_out() -> None:
        for _ in range(100):
            breakers.timed_out(HUNG)

    threads = [threading.Thread(target=time_out) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (
        breakers.reason(HUNG)
        == f"{HUNG} did not answer (1000 requests timed out or could not connect)"
    )


def test_one_operation_unanswered_is_written_off_and_not_its_region() -> None:
    breakers = Breakers("us-east-1")
    for _ in range(LIMIT - 1):
        breakers.timed_out(HUNG, "ec2:DescribeFlowLogs")
    assert breakers.reason(HUNG, "ec2:DescribeFlowLogs") is None  # one short: still asked
    breakers.timed_out(HUNG, "ec2:DescribeFlowLogs")
    expected = f"{HUNG} did not answer this read ({LIMIT} requests timed out or could not connect)"
    assert breakers.reason(HUNG, "ec2:DescribeFlowLogs") == expected
    assert breakers.reason(HUNG, "ec2:DescribeVpcs") is None
    assert breakers.reason(HUNG) is None


def test_a_region_is_written_off_when_limit_different_operations_in_a_row_go_unanswered() -> None:
    breakers = Breakers("us-east-1")
    breakers.answered("us-east-1")
    for operation in ("ec2:DescribeFlowLogs", "ec2:GetEbsEncryptionByDefault"):
        for _ in range(LIMIT):
            breakers.timed_out(HUNG, operation)
    assert breakers.reason(HUNG) is None  # two operations: two endpoints, not the region
    assert breakers.reason(HUNG, "ec2:DescribeVpcs") is None
    breakers.timed_out(HUNG, "ec2:DescribeVpcs")  # the third, with no answer in between
    assert (
        breakers.reason(HUNG)
        == f"{HUNG} did not answer ({2 * LIMIT + 1} requests timed out or could not connect)"
    )


def test_an_answer_in_between_clears_the_operations_in_a_row() -> None:
    breakers = Breakers("us-east-1")
    breakers.timed_out(HUNG, "ec2:DescribeFlowLogs")
    breakers.timed_out(HUNG, "ec2:DescribeVpcs")
    breakers.answered(HUNG, "ec2:DescribeInstances")
    breakers.timed_out(HUNG, "ec2:GetEbsEncryptionByDefault")
    assert breakers.reason(HUNG) is None  # three different, but an answer came between
    for _ in range(LIMIT - 1):
        breakers.timed_out(HUNG, "ec2:DescribeFlowLogs")
    assert breakers.reason(HUNG, "ec2:DescribeFlowLogs") == (
        f"{HUNG} did not answer this read ({LIMIT} requests timed out or could not connect)"
    )
    breakers.answered(HUNG, "ec2:DescribeFlowLogs")  # a late answer clears the read's count
    breakers.timed_out(HUNG, "ec2:DescribeFlowLogs")
    assert breakers.reason(HUNG, "ec2:DescribeFlowLogs") is not None  # written off for the run


def test_a_read_that_never_ends_keeps_neither_the_run_nor_its_exit_past_the_deadline() -> None:
    # An endpoint that answers a byte at a time defeats any read timeout: once the deadline
    # has passed, warming stops waiting and the interpreter does not join those reads.
    script = (
        "import time\n"
        "from fixtures.aws.data import AccountData\n"
        "from fixtures.run.deadline import Deadline, set_current\n"
        "set_current(Deadline(time.time() + 1, '1s'))\n"
        "AccountData.warm(None, lambda item: time.sleep(3600), ['a', 'b', 'c'])\n"
        "print('warmed', flush=True)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "warmed\n"


def test_an_sts_endpoint_that_does_not_answer_is_given_up_after_three_attempts(
    suite: Suite, proxy: FaultProxy
) -> None:
    # Who the credentials are is asked before any breaker exists: botocore's three
    # attempts, not the data layer's eight, bound it.
    two_accounts(suite, proxy)
    proxy.hang(operation="GetCallerIdentity")

    stopped = suite.run(*QUICK, control=CONTROLS[0], accounts=ACCOUNTS)

    for name in ACCOUNTS:  # each is could not assess; the run still ends with its reports
        assert_unresolved(stopped, name, "sts:GetCallerIdentity in us-east-1 failed: Read timeout")
    assert proxy.requests["GetCallerIdentity"] <= 3 * len(ACCOUNTS)
