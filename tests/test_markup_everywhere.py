"""Markup in every value the report shows: each string of a run record (what AWS answered,
what the accounts, settings, waiver and attestation files say) carries a marker of its own,
``<b id=xN>``, so a value the report leaves unescaped shows which field leaked.

The record-level tests render every HTML part the report has from a record whose every
string is marked: the scope, summary and list of results with their evidence
(fixtures/report_html/). A leak is a real ``<b id=xN>`` element in the parsed page; each
test also finds the escaped text, so it can fail. tests/test_markup_runs.py drives the
same through a real run.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

from fixtures.outputs.csv_rows import COLUMNS, to_csv
from fixtures.report_html import render_bottom, render_top
from fixtures.results.report import summary_lines
from tests.data.records import sample, with_verdicts

MARKER = re.compile(r"^x\d+$")
# Values the renderers read as data rather than show as given: the verdict is the suite's
# own word (it picks the colour and order), times are parsed to be shown in UTC, and a
# part number is a number. None of them comes from AWS or from a user's file.
NOT_TEXT = {"verdict", "at", "checked_at", "started_at", "finished_at", "part", "date", "expires"}


class Elements(HTMLParser):
    """The ids of every marker element (``<b id=xN>``) a page really holds."""

    def __init__(self, marker: re.Pattern[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.leaked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marker = dict(attrs).get("id") or ""
        if tag == "b" and self.marker.match(marker):
            self.leaked.append(marker)


def leaked(page: str, marker: re.Pattern[str] = MARKER) -> list[str]:
    """The marker ids (``marker`` matches them) that are elements of ``page`` (HTML),
    not text."""
    parser = Elements(marker)
    parser.feed(page)
    parser.close()
    return parser.leaked


def marked(record: Any) -> tuple[Any, dict[str, str]]:
    """``record`` with ``<b id=xN>`` after every string value and every name of the
    name -> value tables (``decided_by``, ``settings_in_force``), N distinct; and the
    marker -> where it is (a path such as ``results[3].api_calls[0].request_id``)."""
    where: dict[str, str] = {}

    def mark(text: str, path: str) -> str:
        marker = f"x{len(where) + 1}"
        where[marker] = path
        return f"{text}<b id={marker}>"

    def walk(value: Any, path: str, key: str) -> Any:
        if isinstance(value, dict):
            named = key in ("decided_by", "settings_in_force")
            return {
                (mark(k, f"{path}.{k}(name)") if named else k): walk(v, f"{path}.{k}", k)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [walk(v, f"{path}[{i}]", key) for i, v in enumerate(value)]
        if isinstance(value, str) and key not in NOT_TEXT:
            return mark(value, path)
        return value

    return walk(record, "record", ""), where


def escaped(marker: str) -> str:
    return f"&lt;b id={marker}&gt;"


def hostile_record() -> tuple[dict[str, Any], dict[str, str]]:
    record = with_verdicts(sample())
    # every kind of value at least once: a "could not assess" reason, request ids, a
    # waiver, an idle waiver, a setting in force (the sample has them; make sure)
    result = next(r for r in record["results"] if r["api_calls"] and r["settings_in_force"])
    result["idle_waivers"] = ["iam/root-mfa for demo: break-glass (Jane Doe)"]
    for call in result["api_calls"]:
        call["request_id"] = call["request_id"] or "8d1b1f6a-0000-4000-8000-000000000001"
    part = record["parts"][0]
    part["settings_changed"] = [
        {"name": "max_key_age_days", "value": "90", "default": "90", "source": "settings.toml"}
    ]
    part["selection"].update(results_deselected=3, markexpr="not slow", keyword="iam")
    part["gates"] = {"fail_on_severity": "high", "baseline": "baseline.json"}
    part["files"][0]["note"] = "read"
    return marked(record)


def fields(where: dict[str, str], markers: set[str]) -> set[str]:
    """The field names (the last name of each path, list indexes dropped) of ``markers``."""
    return {re.sub(r"\[\d+\]", "", where[m]).rsplit(".", 1)[-1] for m in markers}


# Fields the page must show (so a test of them can fail): every kind of AWS-sourced and
# user-sourced text.
SHOWN_IN_LIST = {
    "request_id",
    "action",
    "region",
    "outcome",
    "account",
    "account_id",
    "checked_as",
    "violations",
    "reason",
    "title",
    "description",
    "violation",
    "by",
    "justification",
    "idle_waivers",
    "recommended_action",
    "remediation_steps",
    "more_info",
    "aws_link",
    "nodeid",
}


def test_no_value_of_the_record_is_markup_in_the_report_sections() -> None:
    record, where = hostile_record()

    page = render_top(record, summary_lines(record)) + render_bottom(record)

    assert [where[m] for m in leaked(page)] == []
    shown = {m for m in where if escaped(m) in page}
    assert fields(where, shown) >= SHOWN_IN_LIST, SHOWN_IN_LIST - fields(where, shown)
    # the scope's values: names and ids, the identity, the files, settings and warnings
    scope = {"name", "checked_as", "path", "note", "value", "default", "source", "warnings"}
    scope |= {"arguments", "markexpr", "keyword", "baseline", "fail_on_severity", "run_id"}
    scope |= {"controls_selected", "cloudsploit", "version", "controls_commit"}
    assert scope <= fields(where, shown), scope - fields(where, shown)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def test_no_cell_of_the_csv_starts_a_formula_whatever_the_value() -> None:
    """Every string of every result starts with a formula character: no CSV cell may."""
    record = with_verdicts(sample())
    for index, result in enumerate(record["results"]):
        start = FORMULA_STARTS[index % len(FORMULA_STARTS)]
        for key, value in list(result.items()):
            if isinstance(value, str) and key not in NOT_TEXT:
                result[key] = f"{start}cmd|'/C calc'!A0 {value}"
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                result[key] = [f"{start}HYPERLINK({v!r})" for v in value]
        for waiver in result["waived"]:
            waiver.update({k: f"{start}{v}" for k, v in waiver.items() if k not in NOT_TEXT})
    for part in record["parts"]:
        part["run_id"] = "@" + part["run_id"]

    rows = list(csv.reader(io.StringIO(to_csv(record), newline="")))

    assert len(rows) == len(record["results"]) + 1
    for row in rows[1:]:
        assert len(row) == len(COLUMNS)
        for (name, _), cell in zip(COLUMNS, row, strict=True):
            assert not cell.startswith(FORMULA_STARTS), (name, cell[:40])
    # the values are all there, behind the apostrophe that makes them text
    assert any(cell.startswith("'=cmd|") for row in rows[1:] for cell in row)
