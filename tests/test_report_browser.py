"""The demo's HTML report as a reader sees it, in headless Chromium: with JavaScript off
(scope, summary by section and every result with its verdict are there), with it on
(screenshots of the top and of an opened result; the interactive table speaks the suite's
verdicts) and printed to PDF (every result's evidence is on paper).

Chromium is driven through its DevTools protocol over a pipe (``--remote-debugging-pipe``),
which can turn scripts off for a page (``Emulation.setScriptExecutionDisabled``); Chromium's
``--blink-settings=scriptEnabled=false`` leaves headless ``--screenshot`` and ``--dump-dom``
writing nothing. Chromium and pdftotext are Debian packages (chromium, poppler-utils);
``make test`` installs them. Without them these tests fail under CI and skip elsewhere.

The screenshots are kept under the run's base temporary directory (``browser/``), for a
person to look at.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fixtures.report_html.results import anchor_of
from fixtures.report_html.words import VERDICTS
from tests.conftest import REPO

INSTALL = "apt-get update && apt-get install -y chromium poppler-utils"
# pytest-html's own words for outcomes ("68 Failed,", "2 Expected failures,", "139 tests
# took 00:00:07."), which the suite's verdicts replace
PYTEST_WORDS = re.compile(
    r"\b\d+ (Failed|Passed|Skipped|Errors|Expected failures|Unexpected passes|Reruns|Retried)\b"
    r"|\btests? took\b|\b(XFailed|XPassed)\b|Skipped: Skipped:"
)


SHOWN_RESULTS = (
    "[...document.querySelectorAll('ol.results > li.result')]"
    ".filter(e => e.offsetParent !== null).length"
)
SHOWN_ROWS = (
    "[...document.querySelectorAll('#results-table tbody.results-table-row')]"
    ".filter(e => e.offsetParent !== null).length"
)


def hidden(browser: Browser, page: str, selector: str) -> bool:
    """Whether every element ``selector`` matches (at least one) is not displayed."""
    return bool(
        browser.evaluate(
            page,
            f"(() => {{ const found = [...document.querySelectorAll({json.dumps(selector)})];"
            " return found.length > 0 && found.every(e => e.offsetParent === null); })()",
        )
    )


def _tools() -> tuple[str, str]:
    chromium, pdftotext = shutil.which("chromium"), shutil.which("pdftotext")
    if chromium and pdftotext:
        return chromium, pdftotext
    found = {"chromium": chromium, "pdftotext": pdftotext}
    missing = " and ".join(name for name, path in found.items() if not path)
    message = f"{missing} not installed: {INSTALL} (make test does it)"
    if os.environ.get("CI") == "true":  # CI must check the report, never skip it
        pytest.fail(message)
    pytest.skip(message)


class Browser:
    """Headless Chromium, driven over the DevTools protocol through fds 3 and 4."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def onto_3_and_4() -> None:  # in the child, before exec: Chromium's pipe fds
            read_end = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [
                executable,
                "--headless",
                "--no-sandbox",  # root in a container
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=onto_3_and_4,
            env={**os.environ, "HOME": str(profile)},
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._id = 0
        self._events: list[dict[str, Any]] = []

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result."""
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            self._events.append(answer)

    def wait_for(self, event: str, session: str) -> None:
        """Wait for ``event`` of the page ``session``."""
        for index, seen in enumerate(self._events):
            if seen.get("method") == event and seen.get("sessionId") == session:
                del self._events[index]
                return
        while True:
            seen = self._message()
            if seen.get("method") == event and seen.get("sessionId") == session:
                return
            self._events.append(seen)

    def page(self, url: str, scripts: bool, width: int = 1300, height: int = 1000) -> str:
        """Open ``url`` in a new tab, scripts on or off; returns the tab's session."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session: str = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.send("Page.enable", session)
        self.send("Emulation.setScriptExecutionDisabled", session, value=not scripts)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        return session

    def text(self, session: str) -> str:
        """What the page shows as text (``innerText``: hidden elements left out)."""
        value: str = self.send(
            "Runtime.evaluate", session, expression="document.body.innerText", returnByValue=True
        )["result"]["value"]
        return value

    def evaluate(self, session: str, expression: str) -> Any:
        """The value of ``expression`` in the page (DevTools runs it even with scripts off)."""
        return self.send("Runtime.evaluate", session, expression=expression, returnByValue=True)[
            "result"
        ].get("value")

    def screenshot(self, session: str, path: Path) -> bytes:
        """A PNG of the viewport, also written to ``path``."""
        png = base64.b64decode(self.send("Page.captureScreenshot", session, format="png")["data"])
        path.write_bytes(png)
        return png

    def pdf(self, session: str, path: Path) -> Path:
        """The page printed to PDF (A4, backgrounds), written to ``path``."""
        data = self.send(
            "Page.printToPDF", session, printBackground=True, paperWidth=8.27, paperHeight=11.69
        )["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.send("Browser.close")
        finally:
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
            os.close(self._to_chrome)
            os.close(self._from_chrome)


def colours(png: bytes) -> int:
    """How many distinct pixel values a PNG (8-bit RGB or RGBA, as Chromium writes) has,
    counted on every 7th pixel of every 5th row."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = height = channels = 0
    data = b""
    position = 8
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind = png[position + 4 : position + 8]
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            assert body[8] == 8, "8-bit PNG expected"
            channels = {2: 3, 6: 4}[body[9]]
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        row_filter, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):  # undo the PNG row filter
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if row_filter == 1:
                line[i] = (line[i] + left) & 0xFF
            elif row_filter == 2:
                line[i] = (line[i] + up) & 0xFF
            elif row_filter == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif row_filter == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        previous = line
    return len(
        {
            bytes(rows[y][x * channels : (x + 1) * channels])
            for y in range(0, height, 5)
            for x in range(0, width, 7)
        }
    )


@dataclass
class DemoReport:
    """One real demo run's report and run record, and where the screenshots go."""

    html: Path
    record: dict[str, Any]
    shots: Path

    @property
    def url(self) -> str:
        return self.html.as_uri()


WAIVED_CONTROL = "iam/root-access-keys"


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> DemoReport:
    """``pytest --account demo`` as a user runs it, with one waiver in force (so the report
    holds every verdict the demo has, waived included); its HTML report and run record."""
    out = tmp_path_factory.mktemp("demo-report")
    waivers = out / "waivers.toml"
    waivers.write_text(
        "[[waiver]]\n"
        f'control = "{WAIVED_CONTROL}"\n'
        'account = "demo"\n'
        'by = "Jane Doe <jane@example.com>"\n'
        "date = 2026-11-01\n"
        "expires = 2099-01-01\n"
        'justification = "Break-glass key kept in the safe. Ticket SEC-1."\n',
        encoding="utf-8",
    )
    html, record = out / "demo.html", out / "demo.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PYTEST_"))}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--account",
            "demo",
            f"--waivers-file={waivers}",
            f"--html={html}",
            f"--junitxml={out / 'demo.xml'}",
            f"--run-record={record}",
        ],
        cwd=REPO,
        env={**env, "AWS_EC2_METADATA_DISABLED": "true"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr[-3000:]
    shots = tmp_path_factory.getbasetemp() / "browser"
    shots.mkdir(exist_ok=True)
    return DemoReport(html, json.loads(record.read_text(encoding="utf-8")), shots)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium, _ = _tools()
    profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=tmp_path_factory.getbasetemp()))
    running = Browser(chromium, profile)
    yield running
    running.close()


def test_the_demo_report_holds_every_verdict_of_the_suite(demo_report: DemoReport) -> None:
    verdicts = {r["verdict"] for r in demo_report.record["results"]}

    # the demo and its waiver give the report every kind of result there is to show
    assert {"compliant", "violation", "could not assess", "waived", "skipped"} <= verdicts
    assert any(v.startswith("awaiting attestation") for v in verdicts)


def test_without_javascript_the_scope_summary_and_every_result_are_there(
    browser: Browser, demo_report: DemoReport
) -> None:
    page = browser.page(demo_report.url, scripts=False, height=1400)
    shown = browser.text(page)
    png = browser.screenshot(page, demo_report.shots / "no-script-top.png")

    assert browser.evaluate(page, "document.querySelectorAll('#results-table tbody').length") == 0
    assert colours(png) > 20  # not blank
    for heading in ("Scope of the assessment", "Summary of the verdicts", "Every result (1"):
        assert heading in shown
    account = demo_report.record["parts"][0]["accounts"][0]
    assert f"{account['name']}\t{account['account_id']}\t{account['checked_as']}" in shown
    assert "111 of 111 controls selected." in shown
    for section in ("2 Identity and Access Management", "3 Storage", "4 Logging"):
        assert section in shown
    assert "5 Monitoring" in shown
    assert "6 Networking" in shown
    # the plain list: one line per result, its verdict first, none hidden by a script
    results = demo_report.record["results"]
    lines = browser.evaluate(
        page,
        "[...document.querySelectorAll('ol.results > li.result')]"
        ".map(li => [li.id, li.querySelector('.verdict').innerText])",
    )
    assert lines == [[anchor_of(r), r["verdict"]] for r in results]
    # a result's line opens onto its evidence and remediation (a checkbox, no script)
    first = anchor_of(results[0])
    opened = f"getComputedStyle(document.querySelector('#{first} > .detail')).display"
    assert browser.evaluate(page, opened) == "none"
    browser.evaluate(page, f"document.querySelector('#{first} > label.line').click()")
    assert browser.evaluate(page, opened) == "block"
    # a verdict box, cleared, hides that verdict's results (CSS only: no script runs)
    browser.evaluate(page, "document.querySelector('label[for=show-violation]').click()")
    assert browser.evaluate(page, SHOWN_RESULTS) == sum(
        1 for r in results if r["verdict"] != "violation"
    )
    browser.evaluate(page, "document.querySelector('label[for=show-violation]').click()")
    assert browser.evaluate(page, SHOWN_RESULTS) == len(results)
    # and pytest-html's script-only parts are not left standing empty
    for empty in ("#environment-header", "#results-table", "#interactive-heading"):
        assert hidden(browser, page, empty), empty
    assert not PYTEST_WORDS.search(shown)


def test_with_javascript_the_table_speaks_the_suites_verdicts(
    browser: Browser, demo_report: DemoReport
) -> None:
    page = browser.page(demo_report.url, scripts=True, height=1000)
    shown = browser.text(page)
    top = browser.screenshot(page, demo_report.shots / "script-top.png")

    assert colours(top) > 20
    cells = browser.evaluate(
        page, "[...document.querySelectorAll('#results-table td.col-result')].map(c => c.innerText)"
    )
    results = demo_report.record["results"]
    assert sorted(cells) == sorted(r["verdict"] for r in results)  # every row, in our words
    assert set(cells) <= set(VERDICTS)
    assert not PYTEST_WORDS.search(shown)
    # the verdict boxes filter the interactive table too
    browser.evaluate(page, "document.querySelector('label[for=show-compliant]').click()")
    assert browser.evaluate(page, SHOWN_ROWS) == sum(
        1 for r in results if r["verdict"] != "compliant"
    )
    for pytest_words in (".summary .controls", ".summary .run-count", "#title + p"):
        assert hidden(browser, page, pytest_words), pytest_words
    assert "Report generated on" not in shown  # local time without a zone
    assert not re.search(r"\b(\w[\w ]*): \1:", shown)  # no doubled "waived: waived:"


def test_an_opened_result_shows_its_evidence_and_remediation(
    browser: Browser, demo_report: DemoReport
) -> None:
    waived = next(r for r in demo_report.record["results"] if r["verdict"] == "waived")
    anchor = anchor_of(waived)
    page = browser.page(f"{demo_report.url}#{anchor}", scripts=True, height=900)
    png = browser.screenshot(page, demo_report.shots / "opened-result.png")
    detail = browser.evaluate(page, f"document.getElementById('{anchor}').innerText")

    assert colours(png) > 20
    assert waived["control"] in detail
    assert "Ticket SEC-1" in detail  # the waiver's justification
    assert waived["recommended_action"] in detail
    assert waived["remediation_steps"][0] in detail
    for call in waived["api_calls"]:
        assert call["action"] in detail
    assert "waived: waived" not in detail
    # the other results stay closed on screen
    closed = browser.evaluate(
        page,
        "[...document.querySelectorAll('li.result > .detail')]"
        ".filter(d => getComputedStyle(d).display === 'none').length",
    )
    assert closed == len(demo_report.record["results"]) - 1


def test_printed_the_report_holds_every_results_evidence(
    browser: Browser, demo_report: DemoReport
) -> None:
    _, pdftotext = _tools()
    page = browser.page(demo_report.url, scripts=True)
    pdf = browser.pdf(page, demo_report.shots / "printed.pdf")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    flat = re.sub(r"\s+", "", text)  # a long line wraps anywhere on paper

    results = demo_report.record["results"]
    for result in results:
        assert re.sub(r"\s+", "", result["control"]) in flat
        assert re.sub(r"\s+", "", result["recommended_action"]) in flat, result["control"]
        for violation in result["violations"]:
            assert re.sub(r"\s+", "", violation) in flat, result["control"]
    request_ids = {c["request_id"] for r in results for c in r["api_calls"] if c["request_id"]}
    assert request_ids
    missing = [i for i in request_ids if i.replace(" ", "") not in flat]
    assert not missing
    # every result's own heading lines, as many as there are results
    assert text.count("Evidence") >= len(results)
    assert text.count("Remediation") >= len(results)
