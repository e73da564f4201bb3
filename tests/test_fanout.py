"""Reads made once per item (per IAM user, per resource) are made concurrently within an
account, in the prefetch, with the same verdicts, evidence and failures as a plain loop.

The concurrency is seen, never timed: a ``before-send`` probe on the per-item operation
holds each request until a second one is in flight at the same time (or gives up after a
few seconds, once, and lets the rest pass), and counts the most in flight. Requests made
one after another never have two in flight. A fault-injecting proxy (tests/fault_proxy.py)
fails the call of one item only: the control is then "could not assess", never a pass.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from moto.iam.models import iam_backends

from tests import fanout_probe
from tests.botocore_hooks import hooked
from tests.conftest import ACCOUNT_ID, Suite, SuiteRun
from tests.fault_proxy import Answer, Fault, FaultProxy

SSH_CONTROL = "iam/test_ssh_key_rotation.py"
SSH_CASE = "test_ssh_key_rotation[prod]"
POLICIES_CONTROL = "iam/test_resource_policies_not_public.py"
POLICIES_CASE = "test_resource_policies_not_public[prod-us-east-1]"
KEY_BODY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDexample someone@example.com"
USERS = ("ana", "ben", "cy", "dee", "eli", "fay")
QUEUES = ("q1", "q2", "q3", "q4", "q5")
PUBLIC = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}
    ],
}


class InFlight:
    """A ``before-send`` handler: the most requests of one operation in flight at once,
    and the run phases (tests/fanout_probe.py) they were sent in."""

    def __init__(self) -> None:
        self.peak = 0
        self.phases: set[str] = set()
        self._now = 0
        self._lock = threading.Lock()
        self._second = threading.Event()
        self._gave_up = False

    def __call__(self, **_: Any) -> None:
        with self._lock:
            self._now += 1
            self.peak = max(self.peak, self._now)
            self.phases.add(fanout_probe.PHASE[0])
            if self._now > 1:
                self._second.set()
            wait = not self._second.is_set() and not self._gave_up
        # Not a timing assertion: a bound on how long a lone request waits for company.
        if wait and not self._second.wait(5):
            self._gave_up = True  # one after another: let the others pass at once
        with self._lock:
            self._now -= 1


@pytest.fixture
def proxy(moto_url: str) -> Iterator[FaultProxy]:
    with FaultProxy(moto_url).running() as running:
        yield running


def probed(suite: Suite, monkeypatch: pytest.MonkeyPatch, event: str) -> InFlight:
    """``InFlight`` on ``event`` of every session the suite builds."""
    probe = InFlight()
    hooked(monkeypatch, (event, probe))
    return probe


def run(suite: Suite, control: str, *args: str) -> SuiteRun:
    return suite.run("-p", "tests.fanout_probe", *args, control=control)


def only_for(marker: bytes, status: int, code: str) -> Fault:
    """A fault for the answers whose body names ``marker`` (one user's, one queue's)."""
    error = (
        f'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error>'
        f"<Type>Sender</Type><Code>{code}</Code><Message>refused by the test</Message>"
        f"</Error><RequestId>fanout</RequestId></ErrorResponse>"
    ).encode()
    json_error = json.dumps({"__type": code, "message": "refused by the test"}).encode()

    def fault(answer: Answer) -> Answer:
        if marker not in answer.body:
            return answer
        as_json = answer.body.lstrip().startswith(b"{")
        headers = [(k, v) for k, v in answer.headers if k.lower() != "x-amzn-query-error"]
        if as_json:
            headers.append(("x-amzn-query-error", f"{code};Sender"))
        return Answer(status, headers, json_error if as_json else error)

    return fault


def users_with_keys(suite: Suite, old: str | None = None) -> None:
    """``USERS``, each with a key uploaded 10 days ago; ``old``'s 200 days ago."""
    iam = suite.client("iam")
    for name in USERS:
        iam.create_user(UserName=name)
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=KEY_BODY)
        for key in iam_backends[ACCOUNT_ID]["aws"].users[name].ssh_public_keys:
            key.upload_date -= timedelta(days=200 if name == old else 10)


def ssh_calls(result: SuiteRun) -> list[dict[str, Any]]:
    calls = result.evidence()[SSH_CASE]["api_calls"]
    return [call for call in calls if call["action"] == "iam:ListSSHPublicKeys"]


def test_users_keys_are_read_concurrently_in_the_prefetch_and_an_old_key_fails(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    users_with_keys(suite, old="dee")
    probe = probed(suite, monkeypatch, "before-send.iam.ListSSHPublicKeys")

    result = run(suite, SSH_CONTROL)

    result.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/dee: SSH public key" in result.output
    assert "1 violation(s)" in result.output
    assert len(ssh_calls(result)) == len(USERS)  # every user's call is the result's evidence
    assert probe.peak >= 2  # two users' reads in flight at once
    assert probe.phases == {"collection"}  # all fetched before the control's setup


def test_users_with_recent_keys_pass_with_every_call_as_evidence(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    users_with_keys(suite)
    probe = probed(suite, monkeypatch, "before-send.iam.ListSSHPublicKeys")

    result = run(suite, SSH_CONTROL)

    result.result.assert_outcomes(passed=1)
    decided = result.evidence()[SSH_CASE]["decided_by"]
    assert decided["SSH public keys"] == f"{len(USERS)} ({len(USERS)} active, 0 inactive)"
    assert len(ssh_calls(result)) == len(USERS)
    assert probe.peak >= 2


def test_one_users_refused_key_listing_is_could_not_assess(suite: Suite, proxy: FaultProxy) -> None:
    users_with_keys(suite)
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": proxy.url}})
    # the first user's call: one after another, the others were never asked
    marker = b"<UserName>ana</UserName>"
    proxy.faults["ListSSHPublicKeys"] = only_for(marker, 403, "AccessDenied")

    result = run(suite, SSH_CONTROL)

    assert result.evidence()[SSH_CASE]["verdict"] == "could not assess"
    assert "the audit identity needs the iam:ListSSHPublicKeys permission" in result.output
    assert proxy.requests["ListSSHPublicKeys"] == len(USERS)  # each user asked once
    proxy.faults.clear()
    assert run(suite, SSH_CONTROL).evidence()[SSH_CASE]["verdict"] == "compliant"


def queues(suite: Suite, public: str | None = None) -> None:
    sqs = suite.client("sqs")
    for name in QUEUES:
        attributes = {"Policy": json.dumps(PUBLIC)} if name == public else {}
        sqs.create_queue(QueueName=name, Attributes=attributes)


def test_queue_policies_are_read_concurrently_in_the_prefetch_and_a_public_one_fails(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    queues(suite, public="q4")
    probe = probed(suite, monkeypatch, "before-send.sqs.GetQueueAttributes")

    result = run(suite, POLICIES_CONTROL)

    record = result.evidence()[POLICIES_CASE]
    assert record["verdict"] == "violation"
    assert f"arn:aws:sqs:us-east-1:{ACCOUNT_ID}:q4 (SQS queue)" in result.output
    assert "1 violation(s)" in result.output
    reads = [c for c in record["api_calls"] if c["action"] == "sqs:GetQueueAttributes"]
    assert len(reads) == len(QUEUES)
    assert probe.peak >= 2
    assert probe.phases == {"collection"}


def test_resource_policies_read_lazily_are_read_in_the_controls_setup(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The probe above can fail: with the prefetch off, the same reads are the setup's.
    queues(suite)
    probe = probed(suite, monkeypatch, "before-send.sqs.GetQueueAttributes")

    result = run(suite, POLICIES_CONTROL, "-o", "prefetch_workers=0")

    assert result.evidence()[POLICIES_CASE]["verdict"] == "compliant"
    assert probe.phases == {"setup"}


def test_one_queues_refused_policy_read_is_could_not_assess(
    suite: Suite, proxy: FaultProxy
) -> None:
    queues(suite)
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": proxy.url}})
    proxy.faults["GetQueueAttributes"] = only_for(b":q3", 403, "AccessDenied")

    result = run(suite, POLICIES_CONTROL)

    assert result.evidence()[POLICIES_CASE]["verdict"] == "could not assess"
    assert "sqs:GetQueueAttributes" in result.output
    assert proxy.requests["GetQueueAttributes"] == len(QUEUES)
    proxy.faults.clear()
    assert run(suite, POLICIES_CONTROL).evidence()[POLICIES_CASE]["verdict"] == "compliant"


def _secrets(suite: Suite) -> None:
    for number in range(4):
        suite.client("secretsmanager").create_secret(Name=f"s{number}", SecretString="x")


def _kms_keys(suite: Suite) -> None:
    kms = suite.client("kms")
    for _ in range(4):
        kms.enable_key_rotation(KeyId=kms.create_key()["KeyMetadata"]["KeyId"])


def _topics(suite: Suite) -> None:
    for number in range(4):
        suite.client("sns").create_topic(Name=f"t{number}")


def _repositories(suite: Suite) -> None:
    for number in range(4):
        suite.client("ecr").create_repository(repositoryName=f"r{number}")


def _tables(suite: Suite) -> None:
    for number in range(4):
        suite.client("dynamodb").create_table(
            TableName=f"t{number}",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )


def _load_balancers(suite: Suite) -> None:
    subnets = suite.client("ec2").describe_subnets()["Subnets"][:2]
    for number in range(4):
        suite.client("elbv2").create_load_balancer(
            Name=f"lb{number}", Subnets=[subnet["SubnetId"] for subnet in subnets]
        )
        suite.client("elb").create_load_balancer(
            LoadBalancerName=f"classic{number}",
            Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 8080}],
            AvailabilityZones=["us-east-1a"],
        )


@pytest.mark.parametrize(
    ("seed", "event", "control"),
    [
        (_secrets, "before-send.secrets-manager.GetResourcePolicy", POLICIES_CONTROL),
        (_kms_keys, "before-send.kms.GetKeyPolicy", POLICIES_CONTROL),
        (_topics, "before-send.sns.GetTopicAttributes", POLICIES_CONTROL),
        (_repositories, "before-send.ecr.GetRepositoryPolicy", POLICIES_CONTROL),
        (_tables, "before-send.dynamodb.DescribeTable", POLICIES_CONTROL),
        (_kms_keys, "before-send.kms.GetKeyRotationStatus", "kms/test_key_rotation.py"),
        (
            _load_balancers,
            "before-send.elastic-load-balancing-v2.DescribeLoadBalancerAttributes",
            "elbv2/test_web_front_end_access_logs.py",
        ),
        (
            _load_balancers,
            "before-send.elastic-load-balancing.DescribeLoadBalancerAttributes",
            "elbv2/test_web_front_end_access_logs.py",
        ),
    ],
    ids=["secrets", "kms-policies", "sns", "ecr", "dynamodb", "kms-rotation", "elbv2", "elb"],
)
def test_each_resources_read_is_made_concurrently_in_the_prefetch(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, seed: Any, event: str, control: str
) -> None:
    seed(suite)
    probe = probed(suite, monkeypatch, event)

    result = run(suite, control)

    assert "Traceback" not in result.output
    assert probe.peak >= 2
    assert probe.phases == {"collection"}
