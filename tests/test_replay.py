"""``pytest --replay``: a demo run's record, replayed offline, reaches the same verdicts;
a record changed after it was written is refused, unless its manifest is remade too, and
then the verdicts follow the changed answers and the differences fail the run."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from fixtures.aws.recorded import (
    REDACTED,
    NotInEvidence,
    Recording,
    Replayer,
    decode,
    encode,
    redacted,
)
from fixtures.report_html import STYLESHEET
from fixtures.results.run_record import load_record, validation_errors
from fixtures.run import clock
from fixtures.run.sessions import sealed_session
from tests.conftest import REPO

# Where a request would go if anything tried: nothing listens on the discard port.
NOWHERE = "http://127.0.0.1:9"


def _pytest(
    args: list[str], env: dict[str, str], timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run record (and its manifest) of one whole demo run."""
    folder = tmp_path_factory.mktemp("recorded")
    env = {
        **os.environ,
        "AWS_CONFIG_FILE": str(folder / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(folder / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    completed = _pytest(
        [
            "--account",
            "demo",
            f"--html={folder / 'demo.html'}",
            f"--junitxml={folder / 'demo.xml'}",
            f"--run-record={folder / 'demo.json'}",
        ],
        env,
    )
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr[-3000:]
    # the terminal names every file written, the manifest too
    assert f"run record's SHA-256 manifest: {folder / 'demo.json'}.sha256" in completed.stdout
    return folder / "demo.json"


def replay(
    record: Path, *args: str, into: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    """Replay ``record`` with no AWS configuration or credentials, every proxy pointing
    nowhere and every socket refused (tests/no_network.py); returns the run, its record
    and the log of attempted network use (absent when there was none). The outputs go
    into a new folder beside ``record``, or ``into``."""
    base = into or record.parent
    folder = base / f"replay-{len(list(base.glob('replay-*')))}"
    folder.mkdir()
    log = folder / "network.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        {
            "AWS_CONFIG_FILE": str(folder / "no-aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(folder / "no-aws-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "HTTP_PROXY": NOWHERE,
            "HTTPS_PROXY": NOWHERE,
            "ALL_PROXY": NOWHERE,
            "NO_NETWORK_LOG": str(log),
        }
    )
    completed = _pytest(
        [
            "-p",
            "tests.no_network",
            f"--replay={record}",
            f"--html={folder / 'replay.html'}",
            f"--junitxml={folder / 'replay.xml'}",
            f"--run-record={folder / 'replay.json'}",
            *args,
        ],
        env,
    )
    return completed, folder / "replay.json", log


def rewrite(
    record: Path, change: Callable[[dict[str, Any]], None], name: str, manifest: bool
) -> Path:
    """A copy of ``record`` changed by ``change``; with ``manifest``, a manifest remade for it,
    else the original's manifest beside it."""
    data = json.loads(record.read_text(encoding="utf-8"))
    change(data)
    copy = record.parent / name
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    copy.write_text(text, encoding="utf-8")
    line = (
        f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}  {name}\n"
        if manifest
        else Path(f"{record}.sha256").read_text(encoding="utf-8")
    )
    Path(f"{copy}.sha256").write_text(line, encoding="utf-8")
    return copy


def verdicts(record: dict[str, Any]) -> dict[str, str]:
    return {result["nodeid"]: result["verdict"] for result in record["results"]}


def answers_of(data: dict[str, Any], operation: str) -> list[dict[str, Any]]:
    return [
        answer
        for entry in data["responses"]["demo"].values()
        if entry["operation"] == operation
        for answer in entry["answers"]
    ]


def one_line_refusal(completed: subprocess.CompletedProcess[str], says: str) -> None:
    assert completed.returncode == 4, completed.stdout[-2000:] + completed.stderr[-2000:]
    errors = [line for line in completed.stderr.splitlines() if line.strip()]
    assert len(errors) == 1, completed.stderr
    assert says in errors[0], errors[0]
    assert "Traceback" not in completed.stdout + completed.stderr


def test_the_record_keeps_every_answer_once_and_its_manifest_checks(recorded: Path) -> None:
    record = load_record(recorded)
    table = record["responses"]["demo"]
    assert len(table) > 100
    # every result's API calls are backed by answers of the table
    for result in record["results"]:
        assert set(result["responses"]) <= set(table)
        if result["api_calls"]:
            assert result["responses"], result["nodeid"]
    # IAM's authorization details serve 30 controls, and are kept once
    details = [e for e in table.values() if e["operation"] == "GetAccountAuthorizationDetails"]
    ids = {key for key, entry in table.items() if entry in details}
    assert details
    assert sum(1 for result in record["results"] if ids & set(result["responses"])) > 20
    # redacted: no HTTP headers, no sts answer but the caller's identity
    text = recorded.read_text(encoding="utf-8")
    assert "HTTPHeaders" not in text
    assert {e["operation"] for e in table.values() if e["service"] == "sts"} <= {
        "GetCallerIdentity"
    }
    # a non-JSON value restored exactly: the credential report's bytes, its datetime
    (report,) = answers_of(record, "GetCredentialReport")
    content = decode(report["response"])["Content"]
    assert isinstance(content, bytes)
    assert content.startswith(b"user,arn,")
    assert decode(report["response"])["GeneratedTime"].tzinfo is not None
    checked = subprocess.run(
        ["sha256sum", "-c", f"{recorded.name}.sha256"],  # noqa: S607
        cwd=recorded.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip() == f"{recorded.name}: OK"


def test_a_replay_of_the_demo_reaches_every_recorded_verdict_offline(recorded: Path) -> None:
    completed, replayed_path, log = replay(recorded)
    output = completed.stdout + completed.stderr
    record, replayed = load_record(recorded), load_record(replayed_path)
    assert not log.exists(), log.read_text(encoding="utf-8")  # not one socket
    assert "0 HTTP requests" in output
    assert verdicts(replayed) == verdicts(record)
    assert {r["nodeid"]: r["violations"] for r in replayed["results"]} == {
        r["nodeid"]: r["violations"] for r in record["results"]
    }
    count = len(record["results"])
    assert f"replay: {count} of {count} verdicts match the record {recorded}" in output
    digest = hashlib.sha256(recorded.read_bytes()).hexdigest()
    assert replayed["parts"][0]["replay_of"] == {
        "path": str(recorded),
        "sha256": digest,
        "compared": count,
        "matching": count,
        "differences": [],
    }
    html = (replayed_path.parent / "replay.html").read_text(encoding="utf-8")
    assert "Replay of" in html
    assert digest in html
    # the demo has violations on purpose: exit 1 for them, as the recorded run did
    assert completed.returncode == record["parts"][0]["exit_status"] == 1
    assert not validation_errors(replayed)


@pytest.mark.parametrize(
    "plugins",
    [
        ("fixtures.plugin", "pytest_metadata.plugin", "pytest_html.plugin"),
        ("pytest_metadata.plugin", "pytest_html.plugin", "fixtures.plugin"),
    ],
    ids=["suite-registered-first", "suite-registered-last"],
)
def test_the_html_report_names_the_replayed_record_whatever_the_plugin_order(
    recorded: Path, plugins: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """pytest registers installed plugins in the order their distributions are found (a
    folder listing), and runs configure hooks of the same priority last-registered first:
    the "Replay of" line must not depend on pytest-metadata having made its table first."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    completed, replayed_path, _ = replay(
        recorded,
        *(arg for plugin in plugins for arg in ("-p", plugin)),
        "-k",
        "password_policy_exists",
    )

    assert "replay: 1 of 1 verdicts match" in completed.stdout, completed.stdout[-3000:]
    html = (replayed_path.parent / "replay.html").read_text(encoding="utf-8")
    assert "Replay of" in html
    assert hashlib.sha256(recorded.read_bytes()).hexdigest() in html
    # styled as the recorded run's report: --replay without --account checks accounts too
    assert str(STYLESHEET) in html


def test_a_subset_of_one_account_replays(recorded: Path) -> None:
    completed, replayed_path, log = replay(
        recorded, "--account", "demo", "-k", "password_policy_exists or min_password_length"
    )
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert "replay: 2 of 2 verdicts match the record" in completed.stdout
    assert set(verdicts(load_record(replayed_path)).values()) == {"compliant"}
    assert not log.exists()


# A recorded account the project's tests replay with no moto server: a part of the demo
# (credential report, an error answer, a certificate's age, a changed setting), recorded by
#   pytest --account demo -k "password_reuse_prevention or root_access_keys or
#     bucket_mfa_delete or server_certificate_expiry" --set password_reuse_prevention=12
#     --run-record tests/data/replay/demo-subset.json
# Record it again when one of those controls reads something new.
DEMO_SUBSET = REPO / "tests" / "data" / "replay" / "demo-subset.json"


def test_a_recorded_account_replays_with_its_recorded_settings(tmp_path: Path) -> None:
    recorded_verdicts = verdicts(load_record(DEMO_SUBSET))
    completed, replayed_path, log = replay(DEMO_SUBSET, into=tmp_path)
    assert verdicts(load_record(replayed_path)) == recorded_verdicts
    assert f"replay: 5 of 5 verdicts match the record {DEMO_SUBSET}" in completed.stdout
    assert not log.exists()
    # the recorded run set password_reuse_prevention = 12; the user's --set overrides it
    completed, _, _ = replay(DEMO_SUBSET, "--set", "password_reuse_prevention=24", into=tmp_path)
    assert "replay: 4 of 5 verdicts match the record" in completed.stdout
    assert (
        "replay differs: compliance_tests/iam/test_password_reuse_prevention.py"
        "::test_password_reuse_prevention[demo]: violation, recorded compliant"
    ) in completed.stdout
    assert completed.returncode == 1


def test_a_changed_answer_without_its_manifest_is_refused(recorded: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        (answer,) = answers_of(data, "GetAccountPasswordPolicy")
        answer["response"]["PasswordPolicy"]["PasswordReusePrevention"] = 24

    changed = rewrite(recorded, change, "changed.json", manifest=False)
    completed, _, _ = replay(changed)
    one_line_refusal(completed, "does not match its manifest changed.json.sha256")


def test_a_changed_answer_with_a_remade_manifest_changes_the_verdict_and_fails(
    recorded: Path,
) -> None:
    """The verdict comes from the recorded answer: a password policy that now refuses the
    last 24 passwords is compliant, and the replay says it differs from the record."""

    def change(data: dict[str, Any]) -> None:
        (answer,) = answers_of(data, "GetAccountPasswordPolicy")
        answer["response"]["PasswordPolicy"]["PasswordReusePrevention"] = 24

    changed = rewrite(recorded, change, "remade.json", manifest=True)
    completed, replayed_path, _ = replay(changed, "-k", "password_reuse_prevention")
    nodeid = (
        "compliance_tests/iam/test_password_reuse_prevention.py"
        "::test_password_reuse_prevention[demo]"
    )
    assert verdicts(load_record(recorded))[nodeid] == "violation"
    replayed = load_record(replayed_path)
    assert verdicts(replayed) == {nodeid: "compliant"}
    assert "replay: 0 of 1 verdicts match the record" in completed.stdout
    assert f"replay differs: {nodeid}: compliant, recorded violation" in completed.stdout
    assert replayed["parts"][0]["replay_of"]["differences"] == [
        f"{nodeid}: compliant, recorded violation"
    ]
    assert completed.returncode == 1  # compliant, but not what the record says


@pytest.mark.parametrize("remade", [False, True], ids=["manifest-kept", "manifest-remade"])
def test_a_truncated_record_is_refused(recorded: Path, remade: bool) -> None:
    text = recorded.read_bytes()
    name = f"truncated-{remade}.json"
    cut = recorded.parent / name
    cut.write_bytes(text[: len(text) // 2])
    line = (
        f"{hashlib.sha256(cut.read_bytes()).hexdigest()}  {name}\n"
        if remade
        else Path(f"{recorded}.sha256").read_text(encoding="utf-8")
    )
    Path(f"{cut}.sha256").write_text(line, encoding="utf-8")
    completed, _, _ = replay(cut)
    one_line_refusal(completed, "is not JSON" if remade else "does not match its manifest")


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: d.pop("responses"), "holds no AWS answers (recorded by an earlier"),
        (lambda d: d["responses"].update(demo={}), "holds no AWS answers for account 'demo'"),
        (lambda d: d["results"][0].update(verdict="maybe"), "breaks the run record schema"),
        (lambda d: d["parts"].append(d["parts"][0]), "merges 2 runs"),
    ],
    ids=["older-version", "no-answers", "schema", "merge"],
)
def test_a_record_that_cannot_be_replayed_is_refused(
    recorded: Path, change: Callable[[dict[str, Any]], None], says: str
) -> None:
    completed, _, _ = replay(
        rewrite(
            recorded,
            change,
            f"bad-{hashlib.sha256(says.encode()).hexdigest()[:8]}.json",
            manifest=True,
        )
    )
    one_line_refusal(completed, says)


def test_no_manifest_merge_workers_or_unknown_account_are_refused(recorded: Path) -> None:
    lone = recorded.parent / "lone.json"
    lone.write_bytes(recorded.read_bytes())
    one_line_refusal(replay(lone)[0], "has no SHA-256 manifest beside it")
    one_line_refusal(replay(recorded.parent / "absent.json")[0], "absent.json does not exist")
    one_line_refusal(replay(recorded.parent)[0], f"{recorded.parent} is not a file")
    one_line_refusal(replay(recorded, "--merge", str(recorded))[0], "cannot be combined")
    one_line_refusal(replay(recorded, "-n", "2")[0], "--replay runs in one process")
    one_line_refusal(replay(recorded, "--account", "prod")[0], "is not in the replayed record")


_ISO = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:\+00:00|Z)?")


def _earlier(days: int) -> Callable[[dict[str, Any]], None]:
    """Move every time in a record ``days`` back: the answers' datetimes and ISO strings,
    the credential report's CSV, each result's check time and the run's start and end."""
    delta = timedelta(days=days)

    def shift_text(text: bytes) -> bytes:
        def moved(match: re.Match[bytes]) -> bytes:
            raw = match.group(0).decode()
            zone = "Z" if raw.endswith("Z") else "+00:00" if raw.endswith("+00:00") else ""
            when = datetime.fromisoformat(raw.removesuffix("Z").removesuffix("+00:00"))
            return ((when - delta).isoformat() + zone).encode()

        return _ISO.sub(moved, text)

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"$datetime"}:
                when = datetime.fromisoformat(value["$datetime"]) - delta
                return {"$datetime": when.isoformat()}
            if set(value) == {"$bytes"}:
                raw = base64.b64decode(value["$bytes"])
                return {"$bytes": base64.b64encode(shift_text(raw)).decode()}
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str) and _ISO.fullmatch(value.encode()):
            return shift_text(value.encode()).decode()
        return value

    def change(data: dict[str, Any]) -> None:
        data["responses"] = walk(data["responses"])
        for result in data["results"]:
            result["checked_at"] = walk(result["checked_at"])
        for key in ("started_at", "finished_at"):
            data["parts"][0][key] = walk(data["parts"][0][key])

    return change


def test_a_record_made_200_days_ago_replays_its_verdicts_on_its_own_clock(
    recorded: Path,
) -> None:
    """Ages are measured from the recorded check time, not today: a credential report
    generated 200 days ago is as fresh as it was then, keys as old as they were."""
    old = rewrite(recorded, _earlier(200), "old.json", manifest=True)
    completed, replayed_path, log = replay(old)
    count = len(load_record(recorded)["results"])
    assert f"replay: {count} of {count} verdicts match the record" in completed.stdout, (
        completed.stdout[-4000:]
    )
    assert verdicts(load_record(replayed_path)) == verdicts(load_record(recorded))
    assert not log.exists()


def test_the_network_guard_refuses_and_logs(tmp_path: Path) -> None:
    """The guard the replays run under does catch a request (a test that cannot fail is a
    defect)."""
    log = tmp_path / "network.log"
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tests.no_network, urllib.request;"
            f"urllib.request.urlopen({NOWHERE!r}, timeout=2)",
        ],
        cwd=REPO,
        env={**os.environ, "NO_NETWORK_LOG": str(log), "NO_PROXY": "*"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0
    assert "refused by tests/no_network.py" in completed.stderr
    assert log.read_text(encoding="utf-8")


def test_values_json_cannot_carry_round_trip_exactly() -> None:
    moment = datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=UTC)
    value = {
        "When": moment,
        "Content": b"user,arn\n\x00\xff",
        "Tags": [{"$datetime": "not a tag, a key AWS may hold"}],
        "Nested": {"List": [1, 2.5, True, None, "x"]},
    }
    encoded = encode(value)
    assert json.loads(json.dumps(encoded)) == encoded
    restored = decode(json.loads(json.dumps(encoded)))
    assert restored == value
    assert restored["When"].utcoffset() == timedelta(0)


def test_kept_answers_are_redacted() -> None:
    parsed = {
        "ResponseMetadata": {
            "RequestId": "r-1",
            "HTTPStatusCode": 200,
            "HTTPHeaders": {"x-amz-id-2": "abc"},
            "RetryAttempts": 0,
        },
        "Nested": [{"SecretAccessKey": "s3cr3t", "SessionToken": "t0k3n", "Name": "kept"}],
        "Functions": [{"FunctionName": "f", "Environment": {"Variables": {"DB_PASS": "hunter2"}}}],
    }
    kept = redacted(parsed)
    assert "hunter2" not in json.dumps(kept)
    assert kept["Functions"] == [
        {"FunctionName": "f", "Environment": {"Variables": {"DB_PASS": REDACTED}}}
    ]
    assert kept["ResponseMetadata"] == {"RequestId": "r-1", "HTTPStatusCode": 200}
    assert kept["Nested"] == [
        {"SecretAccessKey": REDACTED, "SessionToken": REDACTED, "Name": "kept"}
    ]


def test_an_error_answer_replays_as_the_same_client_error_and_a_missing_one_cannot_assess() -> None:
    """Offline, in process: an AccessDenied recorded is raised again as AWS's error class,
    and a call the record lacks is botocore's error "not in the replayed evidence"."""
    error = {
        "Error": {"Code": "NoSuchEntity", "Message": "The Password Policy cannot be found."},
        "ResponseMetadata": {"RequestId": "r-2", "HTTPStatusCode": 404},
    }
    recording = Recording()
    from fixtures.aws.recorded import call_key

    key = call_key("iam", "GetAccountPasswordPolicy", "us-east-1", {})
    entry = {
        "service": "iam",
        "operation": "GetAccountPasswordPolicy",
        "region": "us-east-1",
        "params": {},
        "answers": [{"status": 404, "response": encode(error)}],
    }
    recording.add({key: entry})
    session = sealed_session("us-east-1")
    recording.register(session.events)
    Replayer(recording.table()).register(session.events)
    from fixtures.aws.recorded import label_region

    iam = session.client("iam", region_name="us-east-1")
    label_region(iam, "us-east-1")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_account_password_policy()
    assert raised.value.response["Error"]["Code"] == "NoSuchEntity"
    missing = "iam:GetAccountSummary in us-east-1 is not in the replayed evidence"
    with pytest.raises(NotInEvidence, match=missing):
        iam.get_account_summary()


def test_never_an_sts_credential() -> None:
    """sts:AssumeRole's answer is credentials: never kept, whatever it answered."""
    recording = Recording()
    session = sealed_session("us-east-1")
    recording.register(session.events)
    sts = session.client("sts", region_name="us-east-1")
    sts.meta.events.register(
        "before-call.sts.AssumeRole",
        lambda **_: (
            type("R", (), {"status_code": 200, "headers": {}, "content": b"", "raw": None})(),
            {"Credentials": {"SecretAccessKey": "s", "SessionToken": "t"}},
        ),
    )
    sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/x", RoleSessionName="audit")
    assert recording.table() == {}


def test_the_clock_is_the_system_clock_unless_set() -> None:
    before = datetime.now(UTC)
    assert before <= clock.now() <= datetime.now(UTC)
    moment = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    clock.set_now(moment)
    try:
        assert clock.now() == moment
    finally:
        clock.set_now(None)
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.set_now(datetime(2025, 1, 2))
    assert boto3  # imported for the sealed session's clients


def test_a_call_that_ended_without_an_answer_replays_as_that_failure() -> None:
    """A request that never got an answer (here: a refused connection) is kept as the
    exception's type and first line, and replayed as a botocore error saying so."""
    from botocore.config import Config
    from botocore.exceptions import EndpointConnectionError

    from fixtures.aws.recorded import RecordedFailure, label_region

    recording = Recording()
    live = sealed_session("us-east-1")
    recording.register(live.events)
    iam = live.client(
        "iam",
        region_name="us-east-1",
        endpoint_url=NOWHERE,
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, proxies={}),
    )
    label_region(iam, "us-east-1")
    with pytest.raises(EndpointConnectionError):
        iam.get_account_summary()
    ((entry),) = recording.table().values()
    assert entry["answers"][0]["status"] is None
    assert entry["answers"][0]["raised"].startswith("EndpointConnectionError: ")
    offline = sealed_session("us-east-1")
    Replayer(recording.table()).register(offline.events)
    replayed = offline.client("iam", region_name="us-east-1")
    label_region(replayed, "us-east-1")
    with pytest.raises(RecordedFailure, match="when recorded, it failed: EndpointConnectionError"):
        replayed.get_account_summary()
