"""Under pytest-xdist: controls are scheduled by account, and the summary counts every worker."""

from __future__ import annotations

import hashlib
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from fixtures.run.xdist_accounts import account_of
from tests.conftest import ACCOUNT_ID, REPO, Suite
from tests.example_controls import EXAMPLE_CONTROL
from tests.fault_proxy import Answer, FaultProxy, _operation

COUNTS = re.compile(r"^(\w+) \(\d{12}\) checked as \S+: (\d+) API calls", re.MULTILINE)


def copies_of_a_control(suite: Suite, count: int) -> Path:
    """``count`` copies of the password-length control: the same data, read by each."""
    controls = suite.pytester.mkdir("controls")
    source = (REPO / "compliance_tests" / "iam" / "test_password_minimum_length.py").read_text()
    for number in range(count):
        (controls / f"test_copy_{number}.py").write_text(
            source.replace('id="iam/password-minimum-length"', f'id="iam/copy-{number}"')
        )
    return controls


def api_calls(output: str) -> dict[str, int]:
    return {name: int(calls) for name, calls in COUNTS.findall(output)}


def test_each_account_data_is_fetched_once_across_workers(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID}, "staging": {"account_id": ACCOUNT_ID}}
    )
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = copies_of_a_control(suite, 4)
    accounts = ("prod", "staging")

    serial = suite.run(control=controls, accounts=accounts)
    parallel = suite.run("-n", "2", control=controls, accounts=accounts)

    serial.result.assert_outcomes(passed=8)
    parallel.result.assert_outcomes(passed=8)
    # The controller resolves each account (sts:GetCallerIdentity, ec2:DescribeRegions);
    # the one worker that runs its controls proves its own credentials (one more
    # sts:GetCallerIdentity). Data read by eight controls, fetched once each.
    assert api_calls(serial.output) == {"prod": 3, "staging": 3}
    assert api_calls(parallel.output) == {"prod": 4, "staging": 4}
    # The controller tallies the verdicts its workers report.
    assert f"prod ({ACCOUNT_ID}) verdicts: 4 compliant" in parallel.output


# What only resolving an account asks; everything else is the data its controls read.
RESOLUTION = {"GetCallerIdentity", "DescribeRegions", "AssumeRole"}


class InFlight(FaultProxy):
    """A proxy that holds each request a moment and counts the most data requests (not
    account resolution) it had in flight at once: made together, they overlap."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream)
        self.most_data_in_flight = 0
        self._in_flight = 0
        self._counting = threading.Lock()

    def _upstream(self, method: str, path: str, headers: Any, data: bytes) -> Answer:
        counted = _operation(headers.get("X-Amz-Target"), data) not in RESOLUTION
        with self._counting:
            self._in_flight += counted
            self.most_data_in_flight = max(self.most_data_in_flight, self._in_flight)
        try:
            time.sleep(0.2)  # so that requests sent together are in flight together
            return super()._upstream(method, path, headers, data)
        finally:
            with self._counting:
                self._in_flight -= counted


@pytest.fixture
def proxies(moto_url: str) -> Iterator[dict[str, InFlight]]:
    """One proxy per account (``a``, ``b``, ``c``) in front of the test moto server, so
    that requests are counted per account."""
    running = {name: InFlight(moto_url) for name in "abc"}
    with ExitStack() as stack:
        for proxy in running.values():
            stack.enter_context(proxy.running())
        yield running


def test_a_worker_resolves_and_prefetches_only_the_accounts_it_runs(
    suite: Suite, proxies: dict[str, InFlight]
) -> None:
    suite.write_accounts(
        {name: {"account_id": ACCOUNT_ID, "endpoint_url": p.url} for name, p in proxies.items()}
    )
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = suite.pytester.mkdir("controls")
    for control in ("test_expired_server_certificates.py", "test_password_minimum_length.py"):
        source = REPO / "compliance_tests" / "iam" / control
        (controls / control).write_text(source.read_text())

    run = suite.run("-n", "2", control=controls, accounts=tuple(proxies))

    run.result.assert_outcomes(passed=6)
    for name, proxy in proxies.items():
        # Resolved once by the controller; of the two workers, only the one that runs the
        # account's controls proves its credentials, and no worker lists its regions again.
        assert proxy.requests["GetCallerIdentity"] == 2, name
        assert proxy.requests["DescribeRegions"] == 1, name
        # Its data, read by two controls, asked once across the workers.
        assert proxy.requests["GetAccountPasswordPolicy"] == 1, name
        assert proxy.requests["ListServerCertificates"] == 1, name
        # The worker fetched the data of both controls together, before the first ran.
        assert proxy.most_data_in_flight >= 2, name


def test_an_account_a_worker_cannot_resolve_is_not_assessed(
    suite: Suite, proxies: dict[str, InFlight]
) -> None:
    proxy = proxies["a"]
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": proxy.url}})
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = copies_of_a_control(suite, 2)
    refusal = (
        b"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
        b"<Message>no</Message></Error><RequestId>1</RequestId></ErrorResponse>"
    )
    answered: list[int] = []

    def the_controllers_only(answer: Answer) -> Answer:
        answered.append(1)  # the controller asks first, before any worker starts
        return answer if len(answered) == 1 else Answer(403, answer.headers, refusal)

    proxy.faults["GetCallerIdentity"] = the_controllers_only

    run = suite.run("-n", "2", control=controls)

    run.result.assert_outcomes(errors=2)
    assert set(run.verdicts().values()) == {"could not assess"}
    assert (
        "could not be assessed: account 'prod' (the ambient environment): credentials were"
        " refused (AccessDenied) (in this xdist worker)"
    ) in run.output
    # Refused once in the worker: its controls do not each ask again.
    assert proxy.requests["GetCallerIdentity"] == 2
    assert proxy.requests["GetAccountPasswordPolicy"] == 0


def workers_used(output: str) -> set[str]:
    return set(re.findall(r"\[(gw\d+)\][^\n]* PASSED", output))


def test_one_accounts_controls_run_on_one_worker(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = copies_of_a_control(suite, 2)

    run = suite.run("-n", "2", "-v", control=controls)

    run.result.assert_outcomes(passed=2)
    assert len(workers_used(run.output)) == 1


def test_the_users_dist_mode_is_kept(suite: Suite) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = copies_of_a_control(suite, 2)

    run = suite.run("-n", "2", "-v", "--dist", "loadfile", control=controls)

    run.result.assert_outcomes(passed=2)
    # One file per worker, each proving the credentials and fetching what its control reads:
    # 2 calls to resolve in the controller + (1 + 1) * 2.
    assert workers_used(run.output) == {"gw0", "gw1"}
    assert api_calls(run.output) == {"prod": 6}


def test_answers_to_the_same_call_from_two_workers_are_both_in_the_record(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a --dist mode that spreads an account's controls, two workers each make the
    same call (iam:GetAccountPasswordPolicy), each answered with its own request id; each
    result is matched to the answers by request id, so the record keeps both workers'.
    The controller keeps what each worker sent on disk (``set_aside``), not in memory."""
    from fixtures.aws.recorded import Recording

    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    controls = copies_of_a_control(suite, 2)
    held: list[int] = []  # calls the controller's recording held in memory after each
    set_aside = Recording.set_aside

    def logged(self: Recording, store: Any) -> None:
        set_aside(self, store)
        held.append(len(self.calls))

    monkeypatch.setattr(Recording, "set_aside", logged)  # the controller is this process

    run = suite.run("-n", "2", "-v", "--dist", "loadfile", control=controls)

    run.result.assert_outcomes(passed=2)
    assert held == [0, 0]  # one worker's answers after the other, each set aside
    assert workers_used(run.output) == {"gw0", "gw1"}
    record = run.record()
    table = record["responses"]["prod"]
    policy = [e for e in table.values() if e["operation"] == "GetAccountPasswordPolicy"]
    assert len(policy) == 1  # one call, the same parameters: one entry ...
    assert len(policy[0]["answers"]) == 2  # ... with each worker's answer
    for result in record["results"]:
        assert result["api_calls"]
        assert result["responses"], result["nodeid"]  # each rests on an answer kept
        assert set(result["responses"]) <= set(table)


@pytest.mark.parametrize(
    ("nodeid", "account"),
    [
        ("compliance_tests/iam/test_x.py::test_x[prod]", "prod"),
        ("compliance_tests/ec2/test_y.py::test_y[prod-eu-west-1]", "prod"),
        ("compliance_tests/ec2/test_y.py::test_y[prod-eu-eu-west-1]", "prod-eu"),
        ("compliance_tests/ec2/test_y.py::test_y[prod-ap-east-9]", None),
        ("compliance_tests/iam/test_x.py::test_x", None),
    ],
)
def test_account_of_a_node_id(nodeid: str, account: str | None) -> None:
    regions = {"prod": {"eu-west-1"}, "prod-eu": {"eu-west-1"}}
    assert account_of(nodeid, regions) == account


# Two results, then Ctrl-C to the controller (the worker's parent) as a user's would reach
# it; the worker waits to be stopped, as xdist does to its workers on an interrupt, so it
# never sends its sessionfinish (its selection, its AWS answers). BUSY keeps the other
# worker from finishing (and reporting) meanwhile.
INTERRUPTING_CONTROL = (
    """
import os
import signal
import time
"""
    + EXAMPLE_CONTROL
    + """
@EXAMPLE
def test_a_first(account, evidence):
    assert account.caller_arn

@EXAMPLE
def test_b_second(account, evidence):
    assert account.caller_arn

@EXAMPLE
def test_c_interrupts(account, evidence):
    # The controller handles each report as it arrives (milliseconds): 5 s leaves a loaded
    # CI machine ample margin before the signal.
    time.sleep(5)
    os.kill(os.getppid(), signal.SIGINT)
    time.sleep(60)  # stopped by the controller long before

@EXAMPLE
def test_d_never_runs(account, evidence):
    assert account.caller_arn
"""
)

BUSY_CONTROL = INTERRUPTING_CONTROL.replace("os.kill(os.getppid(), signal.SIGINT)", "pass").replace(
    "test_a_first", "test_busy_first"
)


def test_an_interrupted_parallel_run_keeps_the_results_that_arrived(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID}})
    controls = suite.pytester.mkdir("controls")
    (controls / "test_interrupting.py").write_text(INTERRUPTING_CONTROL)
    (controls / "test_busy.py").write_text(BUSY_CONTROL)
    # its own process: the signal goes to the controller, not to this test's pytest
    suite.monkeypatch.setattr(suite.pytester, "runpytest", suite.pytester.runpytest_subprocess)

    # loadfile: each worker runs one module, in order
    run = suite.run("-n", "2", "--dist", "loadfile", control=controls)

    assert run.result.ret == pytest.ExitCode.INTERRUPTED
    record = run.record()  # valid against the schema, its manifest matching
    digest = hashlib.sha256(run.record_path.read_bytes()).hexdigest()
    manifest = Path(f"{run.record_path}.sha256").read_text()
    assert manifest == f"{digest}  {run.record_path.name}\n"
    results = {r["nodeid"].rsplit("/", 1)[1]: r["verdict"] for r in record["results"]}
    assert results == {
        "test_busy.py::test_busy_first[prod]": "compliant",
        "test_busy.py::test_b_second[prod]": "compliant",
        "test_interrupting.py::test_a_first[prod]": "compliant",
        "test_interrupting.py::test_b_second[prod]": "compliant",
    }
    part = record["parts"][0]
    # the selection came with the worker's first report, not its (never sent) sessionfinish
    assert part["selection"]["controls_selected"] == ["iam/example"]
    assert part["selection"]["controls_available"] == 1
    warnings = "\n".join(part["warnings"])
    assert "the run ended early (interrupted): 4 of 8 selected control result(s)" in warnings
    assert "this record is not a complete assessment" in warnings
    assert "ended without reporting: the AWS answers behind their results" in warnings
    assert part["exit_status"] == pytest.ExitCode.INTERRUPTED
    # JUnit lists what did not run (a CI reading only JUnit sees them fail)
    messages = [e.get("message") for e in ET.parse(run.xml_path).getroot().iter("error")]
    assert messages.count('failed on setup with "the run ended before it ran (interrupted)"') == 4


def test_a_parallel_run_stopped_by_maxfail_says_what_it_did_not_run(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID}})
    controls = suite.pytester.mkdir("controls")
    (controls / "test_failing.py").write_text(
        INTERRUPTING_CONTROL.replace("assert account.caller_arn", "assert not account")
    )

    run = suite.run("-n", "2", "--dist", "loadfile", "-x", control=controls)

    record = run.record()
    assert [r["verdict"] for r in record["results"]] == ["violation"]
    part = record["parts"][0]
    assert part["selection"]["controls_selected"] == ["iam/example"]
    assert "the run ended early" in "\n".join(part["warnings"])
    assert "3 of 4 selected control result(s) were not run" in "\n".join(part["warnings"])
