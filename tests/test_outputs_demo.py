"""The three outputs of a real demo run: made by ``python -m fixtures.outputs`` from the
run record the run wrote, and every line of each accepted by its validator."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from fixtures.outputs import OUTPUT_LABELS, write_outputs
from fixtures.outputs.__main__ import BAD_RECORD, main
from fixtures.outputs.asff import batches
from fixtures.outputs.validate import asff_errors, ocsf_errors
from fixtures.results.run_record import load_record, validation_errors
from tests.conftest import REPO
from tests.data.records import SAMPLE, hostile, sample, with_verdicts


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run record of one whole demo run (every control, the seeded demo account)."""
    folder = tmp_path_factory.mktemp("demo")
    record = folder / "demo.json"
    env = {
        **os.environ,
        "AWS_CONFIG_FILE": str(folder / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(folder / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--account",
            "demo",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--html={folder / 'demo.html'}",
            f"--junitxml={folder / 'demo.xml'}",
            f"--run-record={record}",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr[-3000:]
    return record


@pytest.fixture(scope="module")
def outputs(demo: Path) -> dict[str, Path]:
    """The demo record's outputs, written by the command line beside the record."""
    assert main([str(demo)]) == 0
    stem = demo.with_suffix("")
    return {
        "csv": stem.with_name(stem.name + ".csv"),
        "ocsf": stem.with_name(stem.name + ".ocsf.json"),
        "asff": stem.with_name(stem.name + ".asff.json"),
    }


def test_the_demo_csv_has_a_row_per_result(demo: Path, outputs: dict[str, Path]) -> None:
    record = load_record(demo)

    text = outputs["csv"].read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))

    assert outputs["csv"].read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8
    assert [(r["nodeid"], r["verdict"]) for r in rows] == [
        (r["nodeid"], r["verdict"]) for r in record["results"]
    ]


def test_every_demo_ocsf_event_is_valid(demo: Path, outputs: dict[str, Path]) -> None:
    record = load_record(demo)

    events: list[dict[str, Any]] = json.loads(outputs["ocsf"].read_text(encoding="utf-8"))

    assert len(events) == len(record["results"])
    assert [e for event in events for e in ocsf_errors(event)] == []
    statuses = Counter(e["compliance"]["status_id"] for e in events)
    verdicts = Counter(r["verdict"] for r in record["results"])
    assert statuses[3] == verdicts["violation"] + verdicts["waived"]  # Fail
    assert statuses[1] == verdicts["compliant"]  # Pass


def test_every_demo_asff_finding_is_valid_in_its_batch(
    demo: Path, outputs: dict[str, Path]
) -> None:
    record = load_record(demo)

    findings: list[dict[str, Any]] = json.loads(outputs["asff"].read_text(encoding="utf-8"))
    calls = list(batches(findings))

    assert len(findings) == len(record["results"])
    assert len(calls) > len({(a, r) for a, r, _ in calls})  # the demo needs a second call
    for _account, _region, call in calls:
        assert asff_errors(call) == []
    failed = sum(f["Compliance"]["Status"] == "FAILED" for f in findings)
    assert failed == sum(r["verdict"] in ("violation", "waived") for r in record["results"])


def test_asff_batches_are_files_ready_for_the_cli(demo: Path, tmp_path: Path) -> None:
    assert main([str(demo), "--asff-batches", str(tmp_path / "batches")]) == 0

    files = sorted((tmp_path / "batches").iterdir())
    findings = [json.loads(f.read_text(encoding="utf-8")) for f in files]

    assert [f.name for f in files] == [
        "123456789012-eu-west-1-1.json",
        "123456789012-us-east-1-1.json",
        "123456789012-us-east-1-2.json",
    ]
    assert all(1 <= len(call) <= 100 and asff_errors(call) == [] for call in findings)
    assert sum(len(call) for call in findings) == len(load_record(demo)["results"])


def test_the_committed_sample_and_its_variants_are_valid_run_records() -> None:
    assert load_record(SAMPLE)["schema_version"] == 1
    assert validation_errors(with_verdicts(sample())) == []
    assert validation_errors(hostile(sample())) == []


def test_write_outputs_writes_three_files_and_says_which(tmp_path: Path) -> None:
    written = write_outputs(with_verdicts(sample()), str(tmp_path / "run"))

    assert written == [
        (OUTPUT_LABELS[0], str(tmp_path / "run.csv")),
        (OUTPUT_LABELS[1], str(tmp_path / "run.ocsf.json")),
        (OUTPUT_LABELS[2], str(tmp_path / "run.asff.json")),
    ]
    assert all(Path(path).stat().st_size > 0 for _, path in written)


def test_write_outputs_lets_a_write_error_through(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_outputs(sample(), str(tmp_path / "missing-folder" / "run"))


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "does not exist"),
        ("{not json", "is not JSON"),
        ('{"results": []}', "is not a run record"),
        ('{"schema": "aws-compliance-suite/run-record", "schema_version": 1}', "breaks"),
    ],
)
def test_a_bad_record_is_one_line_and_exit_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, says: str
) -> None:
    path = tmp_path / "record.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")

    status = main([str(path)])

    err = capsys.readouterr().err
    assert status == BAD_RECORD == 4
    assert len(err.strip().splitlines()) == 1
    assert says in err
    assert "Traceback" not in err
    assert not list(tmp_path.glob("record.*.json"))


def test_bad_arguments_are_argparse_usage_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([])

    assert stop.value.code == 2
    assert "usage: python -m fixtures.outputs" in capsys.readouterr().err


def test_the_command_line_runs_as_a_module(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("[]", encoding="utf-8")

    completed = subprocess.run(
        [sys.executable, "-m", "fixtures.outputs", str(path), "--csv", str(tmp_path / "x.csv")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 4
    assert completed.stderr.startswith("ERROR: ")
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "x.csv").exists()


def test_a_text_no_utf8_file_holds_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = sample()
    record["results"][0]["reason"] = "\ud800"  # valid JSON, no valid UTF-8
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")

    status = main([str(path)])

    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("ERROR: an output could not be written: ")
    assert len(err.strip().splitlines()) == 1
