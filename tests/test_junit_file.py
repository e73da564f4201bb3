"""The JUnit file is written by pytest's writer without it holding every test case
(fixtures/results/junit_file.py): it keeps a placeholder per test case and a reference per
result's evidence, and the file it writes is completed from what the run put aside."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from _pytest.junitxml import bin_xml_escape

from fixtures.results import junit_file
from fixtures.results.junit_file import PLACEHOLDER, REFERENCE, complete_file
from fixtures.results.spill import SpilledBytes, SpilledResults
from tests.conftest import Suite

# Markup, quotes, an ampersand, a tab, DEL and a character beyond the BMP; the JSON text
# of a result escapes what XML 1.0 forbids, which pytest's writer would show as #xNN.
AWKWARD = ['<b id="x">&amp;</b>', "tab\there", "del\x7fend", "\U0001f512 ok", "plain"]


def _case(number: int, evidence: str) -> ET.Element:
    """A test case as pytest's writer makes it, with awkward text around its properties."""
    case = ET.Element("testcase", classname="c", name=f"test_{number}[<prod>]", time="0.1")
    properties = ET.SubElement(case, "properties")
    properties.append(ET.Element("property", name="control", value="iam/x"))
    properties.append(ET.Element("property", name="evidence", value=bin_xml_escape(evidence)))
    failure = ET.SubElement(case, "failure", message='<property name="evidence" value="')
    failure.text = f'{PLACEHOLDER} ref=1 {REFERENCE}2 <aws-compliance-testcase ref="3" />'
    return case


def _file(cases: list[ET.Element]) -> bytes:
    """The file as pytest's writer writes it (``ET.tostring`` of the whole tree)."""
    suite = ET.Element("testsuite", name="pytest", tests=str(len(cases)))
    suite.extend(cases)
    testsuites = ET.Element("testsuites", name="pytest tests")
    testsuites.append(suite)
    text = ET.tostring(testsuites, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>' + text).encode("utf-8")


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_the_file_is_what_the_writer_would_have_written_holding_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(junit_file, "_CHUNK", chunk)  # placeholders across every cut
    kept = SpilledResults()
    cases = SpilledBytes("test-")
    texts = [json.dumps({"verdict": "violation", "reason": text}) for text in AWKWARD * 30]
    for number, text in enumerate(texts):
        kept.append_json(text, f"test_{number}")
        held = _case(number, f"{REFERENCE}{number}")
        assert cases.append(ET.tostring(held, encoding="utf-8")) == number
    path = tmp_path / "junit.xml"
    path.write_bytes(_file([ET.Element(PLACEHOLDER, ref=str(n)) for n in range(len(texts))]))

    complete_file(path, cases, kept)

    assert path.read_bytes() == _file([_case(n, text) for n, text in enumerate(texts)])
    found = [p.attrib["value"] for p in ET.parse(path).iter("property")]
    assert [json.loads(v)["reason"] for v in found if v.startswith("{")] == AWKWARD * 30
    assert list(tmp_path.iterdir()) == [path]  # the completed copy took its place


def test_a_file_that_cannot_be_completed_is_left_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = SpilledResults()
    kept.append_json('{"verdict": "compliant"}', "test_0")
    cases = SpilledBytes("test-")
    cases.append(ET.tostring(_case(0, f"{REFERENCE}0"), encoding="utf-8"))
    path = tmp_path / "junit.xml"
    written = _file([ET.Element(PLACEHOLDER, ref="0")])
    path.write_bytes(written)

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fixtures.results.junit_file.os.replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        complete_file(path, cases, kept)

    assert path.read_bytes() == written
    assert list(tmp_path.iterdir()) == [path]


# Loaded into the suite's run: what pytest's JUnit writer holds when the run ends.
HELD = """
import json, os
import xml.etree.ElementTree as ET
import pytest
from _pytest.junitxml import xml_key

@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    xml = session.config.stash[xml_key]
    held = [ET.tostring(r.to_xml(), encoding="unicode") for r in xml.node_reporters_ordered]
    with open(os.environ["HELD"], "w") as out:
        json.dump(held, out)
"""


def test_the_writer_holds_placeholders_and_the_file_every_case_and_its_evidence(
    suite: Suite,
) -> None:
    run, placeholders = suite.run_holding(HELD, control="iam")

    assert placeholders == [f'<{PLACEHOLDER} ref="{n}" />' for n in range(len(placeholders))]
    root = ET.parse(run.xml_path).getroot()
    cases = list(root.iter("testcase"))
    assert len(cases) == len(placeholders) > 10
    (testsuite,) = root.iter("testsuite")
    assert int(testsuite.attrib["tests"]) == len(cases)
    evidence = run.evidence()
    record = {r["nodeid"].split("::")[-1]: r for r in run.record()["results"]}
    assert set(evidence) == set(record) == {case.attrib["name"] for case in cases}
    for name, result in evidence.items():
        expected = {k: v for k, v in record[name].items() if k not in ("responses", "part")}
        assert result == expected, name
