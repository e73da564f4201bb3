"""pytest-html's page is written with its table's rows and the list of every result
streamed into it (fixtures/results/html_page.py): the file is the page pytest-html's own
template renders holding everything, byte for byte."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pytest_html import __file__ as pytest_html_file
from pytest_html.util import _read_template

from fixtures.report_html import ACCOUNT_SUMMARIES, RESULTS_PLACEHOLDER, bottom_placeholder
from fixtures.results import html_page
from fixtures.results.html_page import StreamedPage, write_page
from tests.conftest import ACCOUNT_ID, Suite

AWKWARD = ['<b id="x">&amp;</b>', "it's", 'say "tests": {}', "\U0001f512", "a\nb"]


def _rows(count: int) -> dict[str, list[dict[str, Any]]]:
    return {
        f"compliance_tests/t.py::test_{n}[{AWKWARD[n % len(AWKWARD)]}]": [
            {
                "result": "Failed",
                "testId": f"test_{n}",
                "resultsTableRow": [f'<td class="col-result">{AWKWARD[(n + 1) % 5]}</td>'],
                "log": AWKWARD[(n + 2) % 5] * 3,
                "extras": [],
            }
        ]
        for n in range(count)
    }


def _page(rows: dict[str, Any], postfix: str, prefix: str = "") -> str:
    """The page pytest-html's template renders for this data (as ``_generate_report``)."""
    template = _read_template([Path(pytest_html_file).parent / "resources"])
    # an environment value and a title that look like the rows' key, escaped as data
    data = {
        "environment": {"tests": {}, "note": ' "tests": {}'},
        "tests": rows,
        "renderCollapsed": ["passed"],
        "initialSort": "result",
        "title": 'report "tests": {}',
    }
    page: str = template.render(
        title='report "tests": {}',
        date="01-Dec-2026",
        time="12:00:00",
        version="4.2.0",
        styles="",
        run_count="1 test took 1 s.",
        running_state="finished",
        self_contained=True,
        outcomes={},
        test_data=json.dumps(data),
        table_head=[],
        additional_summary={"prefix": [prefix], "summary": [], "postfix": [postfix]},
    )
    return page


@pytest.mark.parametrize("count", [0, 1, 40])
def test_the_page_is_what_pytest_html_renders_holding_every_row_and_result(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    monkeypatch.setattr(html_page, "_SLICE", 97)  # the page in many slices
    rows = _rows(count)
    listing = ["<section>", *(f"<li>{n}</li>" for n in range(count)), "</section>"]
    accounts = [f"<div>account \u2026 {n}</div>" for n in range(count)]
    top = f"<div>scope</div>{ACCOUNT_SUMMARIES}<div>after</div>"
    whole = _page(
        rows,
        "".join(listing) + bottom_placeholder()[len(RESULTS_PLACEHOLDER) :],
        top.replace(ACCOUNT_SUMMARIES, "".join(accounts)),
    )
    pieces: list[str] = []

    made = ((nodeid, json.dumps(entries)) for nodeid, entries in rows.items())
    parts = {RESULTS_PLACEHOLDER: iter(listing), ACCOUNT_SUMMARIES: iter(accounts)}
    write_page(_page({}, bottom_placeholder(), top), made, parts, pieces.append)

    assert "".join(pieces) == whole
    assert len(pieces) >= 3 * count  # a row, an account, a result at a time


def test_a_page_without_the_places_is_written_as_it_is() -> None:
    pieces: list[str] = []

    made = [(nodeid, json.dumps(entries)) for nodeid, entries in _rows(3).items()]
    parts = {RESULTS_PLACEHOLDER: iter(["<li>"]), ACCOUNT_SUMMARIES: iter(["<div>"])}
    write_page("<html>no data</html>", made, parts, pieces.append)

    assert "".join(pieces) == "<html>no data</html>"


class _PytestHtml:
    """What StreamedPage uses of pytest-html's BaseReport: its data, reports and path."""

    def __init__(self, path: Path) -> None:
        self._report = SimpleNamespace(data={"environment": {}, "tests": defaultdict(list)})
        self._reports: dict[str, Any] = {}
        self._report_path = path
        self._config = SimpleNamespace(getini=lambda name: "")


def test_rows_put_aside_as_tests_finish_are_written_in_pytest_htmls_order(
    tmp_path: Path,
) -> None:
    plugin = _PytestHtml(tmp_path / "report.html")
    page = StreamedPage(plugin, lambda: {RESULTS_PLACEHOLDER: iter(["<section>", "</section>"])})
    rows = _rows(6)
    names = list(rows)
    tests = plugin._report.data["tests"]
    tests[names[0]] = rows[names[0]]  # a collection error: a row before any test's end
    for name in names[1:4]:
        tests[name] = rows[name]
        plugin._reports[name] = {"call": ["report"]}
        page.release(name)  # the test's end
    assert tests == {}
    assert plugin._reports == {}
    tests[names[4]] = rows[names[4]]  # made, not yet put aside when the run ends
    again = {**rows[names[1]][0], "result": "Passed"}
    tests[names[1]] = [again]  # a test run again
    page.set_rows_aside()
    page.write(_page({}, bottom_placeholder()))

    expected = {name: rows[name] for name in names[:5]}
    expected[names[1]] = [*rows[names[1]], again]
    whole = _page(
        expected, "<section></section>" + bottom_placeholder()[len(RESULTS_PLACEHOLDER) :]
    )
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == whole
    assert plugin._report.data["tests"] == {names[4]: rows[names[4]], names[1]: [again]}


# Loaded into the suite's run: what pytest-html holds of the tests' reports at the end.
HELD = """
import json, os
import pytest
from pytest_html.basereport import BaseReport

@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    for plugin in session.config.pluginmanager.get_plugins():
        if isinstance(plugin, BaseReport):
            with open(os.environ["HELD"], "w") as out:
                json.dump(
                    {"reports": len(plugin._reports), "rows": len(plugin._report.data["tests"])},
                    out,
                )
"""


def test_pytest_html_lets_go_of_reports_and_rows_and_its_page_has_every_row(
    suite: Suite,
) -> None:
    run, counts = suite.run_holding(HELD, control="iam")

    results = run.record()["results"]
    assert counts == {"reports": 0, "rows": 0}  # both let go, the rows kept on disk
    assert len(results) > 10
    data = json.loads(run.html_data())
    verdicts = {
        nodeid: re.findall(r'col-result v-[^"]*">([^<]*)<', rows[0]["resultsTableRow"][0])
        for nodeid, rows in data["tests"].items()
    }
    assert verdicts == {r["nodeid"]: [r["verdict"]] for r in results}  # each row's verdict
    assert run.results_text().count("Test compliance_tests/") == len(results)


def test_each_accounts_summary_is_written_into_the_page_in_its_place(suite: Suite) -> None:
    from fixtures.report_html.summary import summary_in_pieces

    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID}, "stage": {"account_id": ACCOUNT_ID}})
    run = suite.run(control="iam/test_root_access_keys.py", accounts=("prod", "stage"))

    html = run.html_path.read_text(encoding="utf-8")
    _, accounts = summary_in_pieces(run.record())
    pieces = list(accounts)
    assert len(pieces) == 2
    assert ACCOUNT_SUMMARIES not in html
    assert RESULTS_PLACEHOLDER not in html
    top = html.index('id="summary-heading"')
    at = [html.index(piece) for piece in pieces]
    assert top < at[0] < at[1] < html.index('id="results-heading"')
    assert html.count('class="account-summary"') == 2
