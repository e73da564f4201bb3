"""Harness for the suite's own tests: one moto server over HTTP, reset for every test, and
a ``suite`` fixture that runs the real controls through pytester against it."""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import re
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import settings
from moto.server import ThreadedMotoServer

from fixtures.demo.moto.core import install, reset_extensions
from fixtures.demo.server import MOTO_SERVICES

# moto imports a service's modules at its first request. Made inside an in-process pytester
# run, that import is undone when the run ends (pytester restores sys.modules), and the next
# one builds a second copy of moto's classes and backends that the server does not use
# (assumed roles vanish, exceptions are no longer caught). Imported here, once, they stay.
for _service in MOTO_SERVICES:
    importlib.import_module(f"moto.{_service}.models")
    importlib.import_module(f"moto.{_service}.urls")

REPO = Path(__file__).resolve().parent.parent
CONTROLS = REPO / "compliance_tests"
ROOT_KEYS_CONTROL = CONTROLS / "iam" / "test_root_access_keys.py"
ACCOUNT_ID = "123456789012"  # moto's default account


@pytest.fixture(scope="session")
def moto_url() -> Iterator[str]:
    """A moto server on a free loopback port for the whole test session."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    install()  # what AWS has and moto lacks: see fixtures/demo/moto/core.py
    # moto loads ~1,300 stock AMIs per EC2 region and reset; no control reads them.
    os.environ["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false"
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def clean_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No real AWS configuration leaks in; fake ambient credentials for moto."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # pytest cuts its summary lines to the terminal's width, except when CI or BUILD_NUMBER
    # is set: one width and no CI marker make the suite's output the same everywhere.
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("CI", "BUILD_NUMBER"):
        monkeypatch.delenv(name, raising=False)
    # In-process runs share this process's already-imported modules, which pytest cannot
    # rewrite a second time; that warning says nothing about the suite.
    monkeypatch.setenv("PYTEST_ADDOPTS", "-W ignore::pytest.PytestAssertRewriteWarning")
    yield
    reset_extensions()


@dataclass
class SuiteRun:
    """The outcome of one run of the suite: pytester's result plus the evidence files."""

    result: pytest.RunResult
    html_path: Path
    xml_path: Path
    record_path: Path

    @property
    def output(self) -> str:
        return self.result.stdout.str() + self.result.stderr.str()

    def evidence(self) -> dict[str, dict[str, Any]]:
        """Each test case's evidence record (the JUnit ``evidence`` property), by test name."""
        root = ET.parse(self.xml_path).getroot()
        return {
            case.attrib["name"]: json.loads(prop.attrib["value"])
            for case in root.iter("testcase")
            for prop in case.iter("property")
            if prop.attrib["name"] == "evidence"
        }

    def record(self) -> dict[str, Any]:
        """The run record (JSON) the run wrote, checked against its schema."""
        from fixtures.results.run_record import load_record

        return load_record(self.record_path)

    def verdicts(self) -> dict[str, str]:
        """Each test case's verdict as the evidence states it, by test name."""
        return {name: record["verdict"] for name, record in self.evidence().items()}

    def results_text(self) -> str:
        """The text of the report's list of every result (fixtures/report_html/results.py),
        as a reader sees it: tags become spaces, entities are read, runs of space are one."""
        html = self.html_path.read_text(encoding="utf-8")
        listing = html.split('<section class="aws-results"', 1)[1].split("</section>", 1)[0]
        return " ".join(unescape(re.sub(r"<[^>]*>", " ", listing)).split())

    def html_data(self) -> str:
        """The report's data blob as the page's script reads it (attribute-unescaped once),
        which inserts its strings as HTML. The title is left out: only the Jinja template,
        which escapes it, renders the title."""
        html = self.html_path.read_text(encoding="utf-8")
        blob = html.split('data-jsonblob="', 1)[1].split('"></div>', 1)[0]
        data = json.loads(unescape(blob))
        data.pop("title", None)
        return json.dumps(data)


class Suite:
    """Runs the real suite (controls, plugins, report) against the test moto server."""

    def __init__(
        self, pytester: pytest.Pytester, moto_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.pytester = pytester
        self.moto_url = moto_url
        self.monkeypatch = monkeypatch
        self.accounts_file = pytester.path / "accounts.toml"
        self.settings_file = pytester.path / "settings.toml"
        self.attestations_file = pytester.path / "attestations.toml"
        self.write_accounts({"prod": {"account_id": ACCOUNT_ID}})
        self.settings_file.write_text("[settings]\n", encoding="utf-8")
        self.attestations_file.write_text("", encoding="utf-8")
        self.waivers_file = pytester.path / "waivers.toml"
        self.waivers_file.write_text("", encoding="utf-8")

    def write_settings(self, **values: Any) -> None:
        """Write the run's settings.toml ``[settings]`` table."""
        lines = ["[settings]", *(f"{name} = {json.dumps(v)}" for name, v in values.items())]
        self.settings_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def write_attestations(self, *entries: dict[str, object]) -> None:
        """Write attestations.toml; ``date`` and ``expires`` are ISO dates (TOML dates)."""
        self.attestations_file.write_text(_toml_tables("attestation", entries), encoding="utf-8")

    def write_waivers(self, *entries: dict[str, object]) -> None:
        """Write waivers.toml; ``date`` and ``expires`` are ISO dates (TOML dates)."""
        self.waivers_file.write_text(_toml_tables("waiver", entries), encoding="utf-8")

    def deny(self, *actions: str) -> None:
        """Run as an IAM user whose policy allows everything but ``actions``; moto enforces it.

        The suite then meets AWS's real AccessDenied errors, as with a too-narrow audit role.
        """
        iam = self.client("iam")
        iam.create_user(UserName="auditor")
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Effect": "Deny", "Action": list(actions), "Resource": "*"},
            ],
        }
        iam.put_user_policy(
            UserName="auditor", PolicyName="audit", PolicyDocument=json.dumps(policy)
        )
        key = iam.create_access_key(UserName="auditor")["AccessKey"]
        self.monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
        self.monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
        self.monkeypatch.setattr(settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)

    def client(self, service: str, **credentials: str) -> Any:
        """A boto3 client of the test moto server, for arranging a scenario."""
        return boto3.client(
            service,
            endpoint_url=self.moto_url,
            region_name="us-east-1",
            aws_access_key_id=credentials.get("key", "testing"),
            aws_secret_access_key=credentials.get("secret", "testing"),
        )

    def write_accounts(self, accounts: dict[str, dict[str, Any]]) -> Path:
        """Write the accounts file; every account defaults to the moto server and us-east-1."""
        lines = []
        for name, entry in accounts.items():
            entry = {"endpoint_url": self.moto_url, "regions": ["us-east-1"], **entry}
            lines.append(f'[accounts."{name}"]')
            lines += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
        self.accounts_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return self.accounts_file

    def run_holding(self, plugin: str, *args: str, control: str) -> tuple[SuiteRun, Any]:
        """``run`` with ``plugin`` (a plugin's source) loaded, and the JSON it wrote to the
        path in ``$HELD`` (what the run held, as the plugin saw it)."""
        self.pytester.makepyfile(held_plugin=plugin)
        self.pytester.syspathinsert()
        held = self.pytester.path / "held.json"
        self.monkeypatch.setenv("HELD", str(held))
        run = self.run("-p", "held_plugin", *args, control=control)
        return run, json.loads(held.read_text(encoding="utf-8"))

    def run(
        self,
        *args: str,
        control: Path | str | None = ROOT_KEYS_CONTROL,
        accounts: tuple[str, ...] = ("prod",),
    ) -> SuiteRun:
        """Run ``control`` (a path, or one relative to compliance_tests/) against ``accounts``;
        ``control=None`` runs the whole suite as a user would (pytest.ini's testpaths)."""
        # pytest reads testpaths only when invoked from the rootdir, with no paths given.
        where = (
            []
            if control is None
            else [str(CONTROLS / control if isinstance(control, str) else control)]
        )
        html_path = self.pytester.path / "report.html"
        xml_path = self.pytester.path / "report.xml"
        record_path = self.pytester.path / "report.json"
        selection = [arg for name in accounts for arg in ("--account", name)]
        with self.monkeypatch.context() as patch:
            if control is None:
                patch.chdir(REPO)
            result = self.pytester.runpytest(
                "-p",
                "no:cacheprovider",
                *where,
                f"--accounts-file={self.accounts_file}",
                f"--settings-file={self.settings_file}",
                f"--attestations-file={self.attestations_file}",
                f"--waivers-file={self.waivers_file}",
                *selection,
                f"--html={html_path}",
                f"--junitxml={xml_path}",
                f"--run-record={record_path}",
                "-o",
                # Generous: moto completes the report on the second poll, but a loaded CI
                # machine can make that take seconds. Tests of the bound set their own.
                "credential_report_timeout=30",
                *args,
            )
        return SuiteRun(result, html_path, xml_path, record_path)


def assert_unresolved(run: SuiteRun, account: str, *says: str) -> None:
    """``account`` could not be resolved: the run went on and exited 1, each of the
    account's controls is "could not assess" with a reason saying each of ``says``, the
    reports are written, and the run record names the account as unresolved."""
    assert run.result.ret == 1, run.output
    assert "Traceback" not in run.output
    assert "INTERNALERROR" not in run.output
    assert run.html_path.exists()
    assert run.xml_path.exists()
    results = [r for r in run.record()["results"] if r["account"] == account]
    assert results, run.output
    for result in results:
        assert result["verdict"] == "could not assess", result
        for text in says:
            assert text in result["reason"], result["reason"]
    (entry,) = [a for a in run.record()["parts"][0]["accounts"] if a["name"] == account]
    for text in says:
        assert text in entry["unresolved"]
    assert entry["checked_as"] == ""


def _toml_tables(name: str, entries: tuple[dict[str, object], ...]) -> str:
    """``[[name]]`` tables; ``date``/``expires`` are written bare (TOML dates), the rest as JSON."""
    blocks = []
    for entry in entries:
        lines = [f"[[{name}]]"]
        for key, value in entry.items():
            bare = key in ("date", "expires")
            lines.append(f"{key} = {value if bare else json.dumps(value)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


@pytest.fixture
def suite(pytester: pytest.Pytester, moto_url: str, monkeypatch: pytest.MonkeyPatch) -> Suite:
    """The suite against a freshly reset moto server."""
    reset = urllib.request.Request(f"{moto_url}/moto-api/reset", method="POST")  # noqa: S310
    with urllib.request.urlopen(reset, timeout=10):  # noqa: S310 - the loopback moto server
        pass
    return Suite(pytester, moto_url, monkeypatch)


def write_signed(path: Path, text: str) -> Path:
    """Write a run record's ``text`` with the SHA-256 manifest the suite writes beside it
    (``FILE.sha256``), as a run would have: what ``--merge``, ``--baseline`` and
    ``--replay`` take in. For records a test edits to stand for another run's."""
    path.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    Path(f"{path}.sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")
    return path
