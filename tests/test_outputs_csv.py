"""The CSV output: one row per result, every verdict, and values from AWS resource names
that must reach a spreadsheet as text (no formula runs, nothing lost)."""

from __future__ import annotations

import csv
import io

import pytest

from fixtures.outputs.csv_rows import COLUMNS, MAX_CELL_CHARS, safe_cell, to_csv
from tests.data.records import HOSTILE, first, hostile, sample, with_verdicts


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_result_with_the_documented_columns() -> None:
    record = with_verdicts(sample())

    text = to_csv(record)
    rows = _rows(text)

    assert text.splitlines()[0] == ",".join(f'"{name}"' for name, _ in COLUMNS)
    assert len(rows) == len(record["results"])
    for row, result in zip(rows, record["results"], strict=True):
        assert row["control"] == result["control"]
        assert row["verdict"] == result["verdict"]
        assert row["account_id"] == result["account_id"]
        assert row["checked_at"] == result["checked_at"]
        assert row["checked_at"].endswith("+00:00")
        assert row["run_id"] == record["parts"][0]["run_id"]
        assert row["violations"] == "\n".join(result["violations"])


def test_every_verdict_is_written_in_the_suites_words() -> None:
    rows = _rows(to_csv(with_verdicts(sample())))

    assert {row["verdict"] for row in rows} == {
        "compliant",
        "violation",
        "could not assess",
        "waived",
        "awaiting attestation",
        "awaiting attestation (required)",
        "skipped",
        "not run",
    }


def test_framework_ids_and_global_regions() -> None:
    record = sample()
    result = next(r for r in record["results"] if r["control"] == "accessanalyzer/analyzer-enabled")
    account_wide = first(record, "awaiting attestation")

    rows = {(r["control"], r["region"]): r for r in _rows(to_csv(record))}

    assert rows[(result["control"], "us-east-1")]["cis_ids"] == "2.18"
    assert rows[(account_wide["control"], "global")]["cis_ids"] == "2.2"


def test_waived_violations_name_their_waiver() -> None:
    record = with_verdicts(sample())

    row = next(r for r in _rows(to_csv(record)) if r["verdict"] == "waived")

    assert row["violations"] == "arn:aws:iam::123456789012:user/break-glass: no MFA"
    assert "waived by Jane Doe <jane@example.com> until 2027-02-01" in row["waived"]


def test_hostile_values_reach_the_spreadsheet_as_text() -> None:
    record = hostile(sample())
    result = first(record, "violation")

    row = next(r for r in _rows(to_csv(record)) if r["nodeid"] == result["nodeid"])

    # A cell that starts a formula gets one apostrophe; the rest of the text is whole.
    assert row["violations"] == "\n".join(HOSTILE)  # starts with "arn:", so unchanged
    assert row["title"] == "<script>alert('title')</script> =cmd"
    assert row["reason"] == "'" + result["reason"]
    assert row["account"] == "'@prod ünïcødé"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_never_starts_a_formula(value: str) -> None:
    cell = safe_cell(value)

    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == value
    assert (cell != value) == value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_rfc_4180_quoting_keeps_quotes_commas_and_newlines() -> None:
    record = hostile(sample())

    text = to_csv(record)

    assert "\r\n" in text
    reread = _rows(text)
    assert len(reread) == len(record["results"])
    assert any('tag "naïve" \u202eRTL and a quote "' in row["violations"] for row in reread)
    assert any("line one\nline two\r\nline three" in row["violations"] for row in reread)


def test_a_cell_longer_than_a_spreadsheet_holds_is_cut_saying_so() -> None:
    record = sample()
    result = first(record, "violation")
    result["violations"] = ["arn:aws:iam::123456789012:user/x: " + "iam:Action, " * 5000]

    row = next(r for r in _rows(to_csv(record)) if r["nodeid"] == result["nodeid"])

    assert len(row["violations"]) == MAX_CELL_CHARS
    assert row["violations"].endswith("characters; all in the run record]")
    assert row["violations"].startswith("arn:aws:iam::123456789012:user/x: iam:Action, ")
