"""Scale on one machine: account-major order, accounts in progress, requests in flight,
release after an account's last control, and a progress line per account."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _pytest.nodes import Node

from fixtures.aws.data import AccountData
from fixtures.results.errors import CannotAssess
from fixtures.run import in_progress, prefetch
from fixtures.run.accounts import AccountConfig
from fixtures.run.sessions import AccountReleased, AwsSession
from tests.conftest import ACCOUNT_ID, REPO, Suite
from tests.test_xdist import InFlight

CONTROLS = ("test_password_minimum_length.py", "test_expired_server_certificates.py")
ACCOUNTS = ("a1", "a2", "a3")


def two_controls(suite: Suite) -> Path:
    """Two IAM controls (two files), copied as they are."""
    controls = suite.pytester.mkdir("controls")
    for control in CONTROLS:
        (controls / control).write_text((REPO / "compliance_tests" / "iam" / control).read_text())
    return controls


def three_accounts(suite: Suite, **entry: Any) -> None:
    suite.write_accounts({name: {"account_id": ACCOUNT_ID, **entry} for name in ACCOUNTS})
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)


def test_each_accounts_controls_run_together(suite: Suite) -> None:
    three_accounts(suite)

    run = suite.run("-v", control=two_controls(suite), accounts=ACCOUNTS)

    run.result.assert_outcomes(passed=6)
    ran = re.findall(r"::(test_\w+)\[(\w+)\] PASSED", run.output)
    # account by account, and within one the controls in collection order (by file)
    assert ran == [
        (test, account)
        for account in ACCOUNTS
        for test in ("test_expired_server_certificates", "test_password_minimum_length")
    ]


@pytest.fixture
def window_log(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the run in this process does with its accounts, in order: ("fetch", name) when
    an account's prefetch starts, ("release", name) when it is released."""
    log: list[tuple[str, str]] = []
    add, release = prefetch.Prefetch.add, AccountData.release

    def logged_add(self: prefetch.Prefetch, account: str, jobs: list[Any]) -> None:
        log.append(("fetch", account))
        add(self, account, jobs)

    def logged_release(self: AccountData) -> None:
        log.append(("release", self.session.config.name))
        release(self)

    monkeypatch.setattr(prefetch.Prefetch, "add", logged_add)
    monkeypatch.setattr(AccountData, "release", logged_release)
    return log


def test_one_account_in_progress_is_fetched_after_the_last_is_released(
    suite: Suite, window_log: list[tuple[str, str]]
) -> None:
    three_accounts(suite)

    run = suite.run("-o", "accounts_in_progress=1", control=two_controls(suite), accounts=ACCOUNTS)

    run.result.assert_outcomes(passed=6)
    assert window_log == [(step, name) for name in ACCOUNTS for step in ("fetch", "release")]


def test_accounts_in_progress_are_fetched_ahead(
    suite: Suite, window_log: list[tuple[str, str]]
) -> None:
    three_accounts(suite)

    run = suite.run("-o", "accounts_in_progress=2", control=two_controls(suite), accounts=ACCOUNTS)

    run.result.assert_outcomes(passed=6)
    assert window_log == [
        ("fetch", "a1"),
        ("fetch", "a2"),
        ("release", "a1"),
        ("fetch", "a3"),
        ("release", "a2"),
        ("release", "a3"),
    ]
    # what the reports need of a released account is still there
    assert run.record()["responses"]["a1"]
    assert re.search(r"a1 \(\d{12}\) checked as \S+: 4 API calls", run.output)


def test_a_released_accounts_answers_wait_on_disk_and_the_record_still_has_them(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_accounts(suite)
    held: dict[str, int] = {}  # account -> calls its recording held in memory after release
    release = AccountData.release

    def logged_release(self: AccountData) -> None:
        release(self)
        recording = self.session.recording
        set_aside = recording.set_aside

        def logged(store: Any) -> None:
            set_aside(store)
            held[self.session.config.name] = len(recording.calls)

        recording.set_aside = logged  # type: ignore[method-assign]

    monkeypatch.setattr(AccountData, "release", logged_release)

    run = suite.run("-o", "accounts_in_progress=1", control=two_controls(suite), accounts=ACCOUNTS)

    run.result.assert_outcomes(passed=6)
    assert held == dict.fromkeys(ACCOUNTS, 0)  # each account's answers went to disk
    record = run.record()
    for result in record["results"]:
        table = record["responses"][result["account"]]
        assert result["responses"]  # each result names the answers it rests on ...
        assert set(result["responses"]) <= set(table)  # ... which the record holds
    calls = [
        sorted((e["operation"], len(e["answers"])) for e in record["responses"][name].values())
        for name in ACCOUNTS
    ]
    assert calls[0]
    assert calls[0] == calls[1] == calls[2]  # the same reads of the same account


def test_an_account_holds_a_boto3_session_only_while_in_progress(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    three_accounts(suite)
    held: list[dict[str, bool]] = []  # at each control's start: account -> holds a session
    starting = in_progress.AccountsInProgress.starting

    def logged(self: in_progress.AccountsInProgress, name: str) -> None:
        starting(self, name)
        held.append({n: a.session.has_session for n, a in self.accounts.items()})

    monkeypatch.setattr(in_progress.AccountsInProgress, "starting", logged)

    run = suite.run("-o", "accounts_in_progress=1", control=two_controls(suite), accounts=ACCOUNTS)

    run.result.assert_outcomes(passed=6)
    # resolved before the first control, yet only the account in progress holds one: the
    # others wait with their credentials alone, and a released one holds none again
    assert held == [
        {"a1": True, "a2": False, "a3": False},
        {"a1": True, "a2": False, "a3": False},
        {"a1": False, "a2": True, "a3": False},
        {"a1": False, "a2": True, "a3": False},
        {"a1": False, "a2": False, "a3": True},
        {"a1": False, "a2": False, "a3": True},
    ]


def test_a_dropped_session_is_built_again_with_the_same_credentials(moto_url: str) -> None:
    config = AccountConfig("prod", ACCOUNT_ID, ("us-east-1",), "us-east-1")
    session = AwsSession(config, moto_url)
    data = AccountData(session, "arn:aws:iam::123456789012:user/auditor", 30)
    data.call("iam", "GetAccountSummary")
    credentials = session.credentials

    session.drop_session()

    assert not session.has_session
    data.call("iam", "ListUsers")  # a client of a new session
    assert session.has_session
    assert session.credentials is credentials
    assert session._session is not None
    assert session._session.get_credentials() is credentials  # not looked up again
    # counted and recorded as before: the account's handlers are on the new session
    assert session.requests.api_calls == 2
    assert {e["operation"] for e in session.recording.table().values()} == {
        "GetAccountSummary",
        "ListUsers",
    }


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_accounts_in_progress_is_one_line(suite: Suite, value: str) -> None:
    run = suite.run("-o", f"accounts_in_progress={value}")

    assert run.result.ret == pytest.ExitCode.USAGE_ERROR
    assert (
        f"accounts_in_progress = '{value}': give a whole number of accounts, 1 or more"
        in run.output
    )
    assert "Traceback" not in run.output


@pytest.mark.parametrize("value", ["0", "1025", "many", "2.5", "+5", "1_0", "\u0663"])
def test_a_bad_requests_in_flight_is_one_line(suite: Suite, value: str) -> None:
    run = suite.run("-o", f"requests_in_flight={value}")

    assert run.result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"requests_in_flight = '{value}': give a whole number, from 1 to 1024" in run.output
    assert "Traceback" not in run.output


@pytest.mark.parametrize("value", ["-1", "some", "0.5", "257", "99999999999999999999"])
def test_a_bad_prefetch_workers_is_one_line(suite: Suite, value: str) -> None:
    run = suite.run("-o", f"prefetch_workers={value}")

    assert run.result.ret == pytest.ExitCode.USAGE_ERROR
    assert (
        f"prefetch_workers = '{value}': give a whole number of threads (0: fetch lazily),"
        " from 0 to 256" in run.output
    )
    assert "Traceback" not in run.output


@pytest.fixture
def slow_proxy(moto_url: str) -> Iterator[InFlight]:
    """A proxy that holds each request 0.2 s and counts the most data requests in flight."""
    proxy = InFlight(moto_url)
    with proxy.running():
        yield proxy


@pytest.mark.parametrize(("bound", "most"), [(2, 2), (32, 32)])
def test_requests_in_flight_are_bounded_across_accounts(
    suite: Suite, slow_proxy: InFlight, bound: int, most: int
) -> None:
    three_accounts(suite, endpoint_url=slow_proxy.url, regions=["us-east-1", "eu-west-1"])
    controls = suite.pytester.mkdir("controls")
    # reads many regions and resources on threads: many requests at once if let
    control = REPO / "compliance_tests" / "iam" / "test_resource_policies_not_public.py"
    (controls / control.name).write_text(control.read_text())

    run = suite.run("-o", f"requests_in_flight={bound}", control=controls, accounts=ACCOUNTS)

    assert run.result.ret in (0, 1), run.output
    assert 1 <= slow_proxy.most_data_in_flight <= most
    if bound > 2:  # the bound, not the threads, is what held the small one
        assert slow_proxy.most_data_in_flight > 2


def test_an_account_released_fails_loudly_and_keeps_its_record(moto_url: str) -> None:
    config = AccountConfig("prod", ACCOUNT_ID, ("us-east-1",), "us-east-1")
    session = AwsSession(config, moto_url)
    data = AccountData(session, "arn:aws:iam::123456789012:user/auditor", 30)
    data.call("iam", "GetAccountSummary")
    kept = session.recording.table()

    data.release()

    with pytest.raises(AccountReleased, match="'prod' was released after its last control"):
        data.call("iam", "GetAccountSummary")  # even an answer it had
    with pytest.raises(AccountReleased):
        session.client("iam")
    assert not issubclass(AccountReleased, CannotAssess)  # never a verdict
    assert session.recording.table() == kept
    assert session.requests.api_calls == 1
    ((entry),) = kept.values()
    assert entry["operation"] == "GetAccountSummary"
    assert entry["answers"][0]["response"]["SummaryMap"]


def test_answers_are_kept_packed_and_handed_out_whole(moto_url: str) -> None:
    config = AccountConfig("prod", ACCOUNT_ID, ("us-east-1",), "us-east-1")
    session = AwsSession(config, moto_url)
    data = AccountData(session, "arn:aws:iam::123456789012:user/auditor", 30)
    summary = data.call("iam", "GetAccountSummary")

    ((entry),) = session.recording.calls.values()
    assert all(isinstance(answer, bytes) for answer in entry["answers"])
    ((kept),) = session.recording.table().values()
    assert kept["answers"][0]["response"]["SummaryMap"] == summary["SummaryMap"]
    assert kept["answers"][0]["status"] == 200


PROGRESS = re.compile(r"^(\w+) \((\d{12})\): (.*); (.*accounts? left)$", re.MULTILINE)


def test_a_line_per_account_as_it_finishes(suite: Suite) -> None:
    three_accounts(suite)

    run = suite.run(control=two_controls(suite), accounts=ACCOUNTS)

    run.result.assert_outcomes(passed=6)
    assert PROGRESS.findall(run.output) == [
        ("a1", ACCOUNT_ID, "2 compliant", "2 of 3 accounts left"),
        ("a2", ACCOUNT_ID, "2 compliant", "1 of 3 accounts left"),
        ("a3", ACCOUNT_ID, "2 compliant", "no accounts left"),
    ]


def test_the_line_counts_each_verdict(suite: Suite) -> None:
    suite.write_accounts({name: {"account_id": ACCOUNT_ID} for name in ("a1", "a2")})
    # no password policy: a violation; no certificates: compliant; denied: could not assess
    suite.deny("iam:ListServerCertificates")

    run = suite.run(control=two_controls(suite), accounts=("a1", "a2"))

    assert ("a1", ACCOUNT_ID, "1 violation, 1 could not assess", "1 of 2 accounts left") in (
        PROGRESS.findall(run.output)
    )


def test_no_line_for_one_account_or_with_quiet(suite: Suite) -> None:
    three_accounts(suite)
    controls = two_controls(suite)

    alone = suite.run(control=controls, accounts=("a1",))
    quiet = suite.run("-q", control=controls, accounts=ACCOUNTS)

    alone.result.assert_outcomes(passed=2)
    quiet.result.assert_outcomes(passed=6)
    assert not PROGRESS.findall(alone.output)
    assert not PROGRESS.findall(quiet.output)


def test_under_xdist_the_controller_prints_each_line(suite: Suite) -> None:
    three_accounts(suite)

    run = suite.run("-n", "2", control=two_controls(suite), accounts=ACCOUNTS)

    run.result.assert_outcomes(passed=6)
    lines = PROGRESS.findall(run.output)
    # in the order the workers finish them; each once, the last with none left
    assert sorted(name for name, *_ in lines) == list(ACCOUNTS)
    assert {counts for _, _, counts, _ in lines} == {"2 compliant"}
    assert [left for *_, left in lines] == [
        "2 of 3 accounts left",
        "1 of 3 accounts left",
        "no accounts left",
    ]


def test_could_not_assess_is_reported_without_formatting_a_traceback(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite.deny("iam:ListServerCertificates")
    control = REPO / "compliance_tests" / "iam" / "test_expired_server_certificates.py"
    formatted: list[str] = []
    format_failure = Node._repr_failure_py

    def counted(self: Node, *args: Any, **kwargs: Any) -> Any:
        formatted.append(self.nodeid)
        return format_failure(self, *args, **kwargs)

    monkeypatch.setattr(Node, "_repr_failure_py", counted)

    short = suite.run(control=control)
    assert not formatted  # the run's reports are in this process: none was formatted
    long = suite.run("--tb=long", control=control)

    assert formatted  # pytest's own, as asked
    short.result.assert_outcomes(errors=1)
    assert short.verdicts() == long.verdicts()
    assert set(short.verdicts().values()) == {"could not assess"}
    denied = "iam:ListServerCertificates was denied (AccessDenied)"
    assert denied in short.output
    assert "Traceback" not in short.output
