"""The demo server runs in a process of its own (fixtures/demo/process.py): it is gone when
the run ends however it ends, one server serves every xdist worker, and a server that
cannot start leaves the demo's controls "could not assess" with its reason in one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from fixtures.demo.process import DemoProcess
from tests.conftest import REPO, Suite, assert_unresolved

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")

DEMO_ONLY = '[accounts.demo]\naccount_id = "123456789012"\ndemo = true\nregions = ["us-east-1"]\n'


def demo_children(tag: str) -> set[int]:
    """The demo server processes started by runs whose environment holds ``tag``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            cmdline = (entry / "cmdline").read_bytes()
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        # a zombie (ended, not yet reaped) serves nothing
        zombie = stat.rsplit(") ", 1)[1].startswith("Z")
        if tag.encode() in environ and b"fixtures.demo\0" in cmdline and not zombie:
            found.add(int(entry.name))
    return found


def wait_for(condition: object, what: str, seconds: float = 120) -> None:
    """Poll ``condition()`` until it holds; fail naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


# A plugin that holds the run once it has collected: by then the demo server is seeded and
# the account resolved against it, so the server is serving.
HOLD = """
import pathlib, time

def pytest_collection_finish(session):
    pathlib.Path(__file__).with_name("held").write_text("")
    time.sleep(600)
"""


@contextmanager
def demo_run(
    tmp_path: Path, *args: str, hold: bool = False
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``pytest --account demo -k root_access_keys ARGS`` as a user starts it, tagged; with
    ``hold``, the run waits once collected (``tmp_path / "held"`` then exists)."""
    tag = f"DEMO_TEST_{uuid.uuid4().hex}"
    env = {
        # not an xdist worker's, though this test may run in one (fixtures/demo/early.py)
        **{
            name: value for name, value in os.environ.items() if not name.startswith("PYTEST_XDIST")
        },
        tag: "1",
        "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
        "PYTHONPATH": os.pathsep.join([str(REPO), str(tmp_path)]),
    }
    if hold:
        (tmp_path / "hold_plugin.py").write_text(HOLD, encoding="utf-8")
        args = (*args, "-p", "hold_plugin")
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            "--account",
            "demo",
            "-k",
            "root_access_keys",
            "-p",
            "no:cacheprovider",
            f"--html={tmp_path / 'demo.html'}",
            f"--junitxml={tmp_path / 'demo.xml'}",
            f"--run-record={tmp_path / 'demo.json'}",
            *args,
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as run:
        try:
            yield run, tag
        finally:
            if run.poll() is None:
                run.kill()


def test_the_server_is_gone_after_a_run_with_violations(tmp_path: Path) -> None:
    with demo_run(tmp_path) as (run, tag):
        wait_for(lambda: demo_children(tag), "the demo server never started")
        output, _ = run.communicate(timeout=300)

    assert run.returncode == 1, output  # the root key violation
    assert "1 failed" in output
    assert demo_children(tag) == set()


def test_the_server_is_gone_after_an_interrupted_run(tmp_path: Path) -> None:
    with demo_run(tmp_path, hold=True) as (run, tag):
        wait_for(lambda: (tmp_path / "held").exists(), "the run never collected")
        assert demo_children(tag)
        run.send_signal(signal.SIGINT)  # Ctrl-C
        output, _ = run.communicate(timeout=300)

    assert run.returncode == 2, output  # pytest's "interrupted"
    assert demo_children(tag) == set()


# A plugin that holds the run in pytest_configure at WHERE ("module:name" or
# "module:Class.name"): while the demo server starts, or while the accounts resolve.
HOLD_AT_START = """
import importlib, pathlib, time

module, _, name = WHERE.partition(":")
owner = importlib.import_module(module)
if "." in name:
    owner, name = getattr(owner, name.split(".")[0]), name.split(".")[1]

def held(*args, **kwargs):
    pathlib.Path(__file__).with_name("held").write_text("")
    time.sleep(600)

setattr(owner, name, held)
"""


@pytest.mark.parametrize(
    "where",
    ["fixtures.demo.process:DemoProcess.endpoint_url", "fixtures.run.targets:resolve_accounts"],
    ids=["server-starting", "accounts-resolving"],
)
def test_ctrl_c_at_start_up_is_one_line_and_stops_the_server(tmp_path: Path, where: str) -> None:
    plugin = f"WHERE = {where!r}\n{HOLD_AT_START}"
    (tmp_path / "hold_at_start.py").write_text(plugin, encoding="utf-8")
    with demo_run(tmp_path, "-p", "hold_at_start") as (run, tag):
        wait_for(lambda: (tmp_path / "held").exists(), "the run never reached the hold")
        assert demo_children(tag)
        run.send_signal(signal.SIGINT)  # Ctrl-C
        output, _ = run.communicate(timeout=300)

    assert run.returncode == 2, output  # pytest's "interrupted"
    assert output.strip() == "interrupted before any control ran: no reports written"
    assert not [p.name for p in tmp_path.glob("demo.*")]  # as the line says
    wait_for(lambda: not demo_children(tag), "the demo server outlived the interrupted run", 60)


@pytest.mark.parametrize("when", ["serving", "starting"])
def test_the_server_is_gone_after_the_run_is_killed(tmp_path: Path, when: str) -> None:
    with demo_run(tmp_path, hold=True) as (run, tag):
        if when == "serving":
            wait_for(lambda: (tmp_path / "held").exists(), "the run never collected")
        else:  # still importing moto or seeding
            wait_for(lambda: demo_children(tag), "the demo server never started")
        assert demo_children(tag)
        run.kill()  # SIGKILL: no handler, no atexit, nothing of the run's own runs
        run.wait(timeout=60)

        wait_for(lambda: not demo_children(tag), "the demo server outlived the killed run", 60)


def test_xdist_workers_share_the_controllers_server(tmp_path: Path) -> None:
    seen: set[int] = set()
    with demo_run(tmp_path, "-n", "2", "-k", "root_access_keys or password_policy") as (
        run,
        tag,
    ):
        while run.poll() is None:
            seen |= demo_children(tag)
            time.sleep(0.05)
        output = run.stdout.read() if run.stdout else ""

    assert run.returncode == 1, output
    assert "passed" in output
    assert len(seen) == 1, seen


@pytest.mark.parametrize(
    ("command", "says"),
    [
        # the child dies before it can say anything: its last line on stderr
        ("import sys; sys.exit('cannot bind 127.0.0.1')", "cannot bind 127.0.0.1"),
        # the child says why (fixtures/demo/__main__.py), then ends with a traceback
        (
            "print('failed RuntimeError: seeding refused', flush=True); raise RuntimeError",
            "RuntimeError: seeding refused",
        ),
    ],
    ids=["dies", "fails"],
)
def test_a_server_that_cannot_start_is_could_not_assess_in_one_line(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, command: str, says: str
) -> None:
    suite.accounts_file.write_text(DEMO_ONLY, encoding="utf-8")
    monkeypatch.setattr(DemoProcess, "command", (sys.executable, "-c", command))

    run = suite.run(accounts=("demo",))

    assert_unresolved(run, "demo", "account 'demo': the demo server could not start", says)
    warning = [line for line in run.output.splitlines() if "demo server could not start" in line]
    assert warning, run.output
    assert all(says in line for line in warning)


def test_what_the_server_prints_goes_to_its_stderr() -> None:
    """The run reads the server's one line and closes the pipe: a print (moto prints a host
    it cannot route) would be taken for that line, or fail the request being served."""
    server = DemoProcess()
    server.start()
    try:
        assert server.endpoint_url().startswith("http://127.0.0.1:")
        fds = Path(f"/proc/{server.pid}/fd")

        wait_for(lambda: os.readlink(fds / "1") == os.readlink(fds / "2"), "stdout is a pipe", 10)
    finally:
        server.stop()


def test_ctrl_c_while_an_organization_is_listed_is_one_line(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[organizations.main]\nmember_role_name = "Audit"\nregions = ["us-east-1"]\n'
        'endpoint_url = "http://127.0.0.1:9"\n',
        encoding="utf-8",
    )
    plugin = f"WHERE = {'fixtures.run.organizations:discover'!r}\n{HOLD_AT_START}"
    (tmp_path / "hold_at_start.py").write_text(plugin, encoding="utf-8")
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": str(tmp_path / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-aws-credentials"),
        "PYTHONPATH": os.pathsep.join([str(REPO), str(tmp_path)]),
    }
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            f"--accounts-file={accounts}",
            "--account",
            "org:main",
            "-p",
            "no:cacheprovider",
            "-p",
            "hold_at_start",
            f"--run-record={tmp_path / 'org.json'}",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as run:
        try:
            wait_for(lambda: (tmp_path / "held").exists(), "the listing was never reached")
            run.send_signal(signal.SIGINT)  # Ctrl-C
            output, _ = run.communicate(timeout=300)
        finally:
            if run.poll() is None:
                run.kill()

    assert run.returncode == 2, output  # pytest's "interrupted"
    assert output.strip() == "interrupted before any control ran: no reports written"
    assert not list(tmp_path.glob("org.*"))


# A plugin that notes the demo server a run started while pytest loaded its plugins (pid in
# "early-pid", before any pytest_configure), and whether it still runs once configure is
# done ("after-configure").
EARLY_PID = """
import os, pathlib

here = pathlib.Path(__file__).parent

def pytest_load_initial_conftests(early_config):
    from fixtures.demo.process import STARTED

    process = early_config.stash.get(STARTED, None)
    if process is not None:
        (here / "early-pid").write_text(str(process.pid))

def pytest_sessionstart(session):
    pid = (here / "early-pid").read_text()
    (here / "after-configure").write_text(str(os.path.exists(f"/proc/{pid}")))
"""


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return not stat.rsplit(") ", 1)[1].startswith("Z")


def test_the_server_starts_while_plugins_load_and_bad_usage_stops_it(tmp_path: Path) -> None:
    (tmp_path / "early_pid.py").write_text(EARLY_PID, encoding="utf-8")
    with demo_run(tmp_path, "-p", "early_pid", "--no-such-option") as (run, tag):
        output, _ = run.communicate(timeout=300)

    assert run.returncode == 4, output  # pytest's usage error, from its last parse
    assert "unrecognized arguments: --no-such-option" in output
    assert (tmp_path / "early-pid").exists()  # started before pytest_configure
    assert not running(int((tmp_path / "early-pid").read_text()))
    assert demo_children(tag) == set()


def test_a_server_started_for_a_run_that_serves_no_demo_is_stopped_at_configure(
    tmp_path: Path,
) -> None:
    with demo_run(tmp_path) as (run, _):
        output, _ = run.communicate(timeout=300)
    assert run.returncode == 1, output
    replayed = tmp_path / "replayed"
    replayed.mkdir()
    (replayed / "early_pid.py").write_text(EARLY_PID, encoding="utf-8")

    # --replay answers from the record: the demo account named on the command line is
    # not served, though the command line's guess started its server
    with demo_run(replayed, "-p", "early_pid", f"--replay={tmp_path / 'demo.json'}") as (
        run,
        tag,
    ):
        output, _ = run.communicate(timeout=300)

    assert run.returncode == 1, output
    assert (replayed / "early-pid").exists()
    assert (replayed / "after-configure").read_text() == "False"
    assert demo_children(tag) == set()


def test_the_server_starts_before_the_suite_plugin_imports_botocore() -> None:
    """The early start (fixtures/demo/early.py) runs when pytest has imported the suite's
    plugin module: that module and what the start reads (the accounts file) import no
    botocore or boto3, ~0.1 s the server would otherwise wait for."""
    probe = (
        "import sys, fixtures.plugin, fixtures.demo.early, fixtures.run.accounts;"
        " print(sorted(m for m in ('botocore', 'boto3') if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )

    assert completed.stdout.strip() == "[]"
