"""Retries in the evidence: each call carries how many times botocore's standard retry
mode asked again before its answer (``ResponseMetadata.RetryAttempts``), in the run
record, the HTML report and OCSF; a call throttled past every attempt says how many.

The fault proxy answers IAM's Throttling (HTTP 400) before letting moto answer. botocore's
backoff (up to 20 s a retry for throttling) is set to nothing: the test is of what the
evidence says, not of how long botocore waits.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from botocore.retries.standard import ExponentialBackoff

from fixtures.outputs.ocsf import to_ocsf_event
from fixtures.report_html.words import retried
from tests.conftest import ACCOUNT_ID, CONTROLS, Suite
from tests.fault_proxy import Answer, FaultProxy

CONTROL = CONTROLS / "iam" / "test_password_policy_exists.py"
ACTION = "iam:GetAccountPasswordPolicy"
THROTTLED = (
    b'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender'
    b"</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
    b"<RequestId>throttled</RequestId></ErrorResponse>"
)


@pytest.fixture
def proxy(moto_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[FaultProxy]:
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0.0)
    with FaultProxy(moto_url).running() as running:
        yield running


def throttle(proxy: FaultProxy, times: int | None) -> None:
    """Answer GetAccountPasswordPolicy with Throttling ``times`` times (None: always)."""
    seen: list[int] = []

    def fault(answer: Answer) -> Answer:
        seen.append(1)
        if times is None or len(seen) <= times:
            return Answer(400, answer.headers, THROTTLED)
        return answer

    proxy.faults["GetAccountPasswordPolicy"] = fault


def test_a_call_throttled_twice_shows_its_two_retries(suite: Suite, proxy: FaultProxy) -> None:
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": proxy.url}})
    throttle(proxy, 2)

    run = suite.run(control=CONTROL)

    assert run.result.ret == 0, run.output
    assert proxy.requests["GetAccountPasswordPolicy"] == 3
    (result,) = run.record()["results"]  # validated against the schema
    (call,) = [c for c in result["api_calls"] if c["action"] == ACTION]
    assert (call["outcome"], call["retries"]) == ("ok", 2)
    others = [c["retries"] for c in result["api_calls"] if c["action"] != ACTION]
    assert set(others) <= {0}  # the calls that were not throttled needed none
    html = run.html_path.read_text(encoding="utf-8")
    assert "ok after 2 retries" in html
    events = [e for e in to_ocsf_event(run.record(), result)["evidences"] if e["name"] == ACTION]
    assert [e["data"]["retries"] for e in events] == [2]
    junit = run.evidence()[next(iter(run.evidence()))]
    assert [c["retries"] for c in junit["api_calls"] if c["action"] == ACTION] == [2]


def test_a_call_throttled_past_every_attempt_says_how_many(suite: Suite, proxy: FaultProxy) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": proxy.url}})
    throttle(proxy, None)

    run = suite.run(control=CONTROL)

    assert run.result.ret == 1
    (result,) = run.record()["results"]
    assert result["verdict"] == "could not assess"
    assert (
        f"{ACTION} failed in us-east-1 with Throttling after 8 attempts: Rate exceeded"
        in result["reason"]
    ), result["reason"]
    (call,) = [c for c in result["api_calls"] if c["action"] == ACTION]
    assert (call["outcome"], call["retries"]) == ("Throttling", 7)
    assert proxy.requests["GetAccountPasswordPolicy"] == 8  # CLIENT_CONFIG's total_max_attempts
    assert "Throttling after 7 retries" in run.html_path.read_text(encoding="utf-8")


def test_a_record_written_before_retries_were_kept_still_renders() -> None:
    old = {"action": ACTION, "region": "us-east-1", "at": "x", "outcome": "ok", "request_id": None}

    assert retried(old) == ""
    assert retried({**old, "retries": 1}) == " after 1 retry"
