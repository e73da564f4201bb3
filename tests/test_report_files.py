"""A run never loses its evidence: default report names that fit, and one line (exit 6)
when a report cannot be written, with the other format and the summary still produced."""

from __future__ import annotations

import errno
import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.demo.moto.iam import RootAccessKey, RootAccount, set_root_account
from fixtures.results.report_files import MAX_STEM_BYTES, REPORT_NOT_WRITTEN, cause, report_stem
from tests.conftest import ACCOUNT_ID, ROOT_KEYS_CONTROL, Suite

STAMP = "20261130T120000Z"
WORKLOADS = [f"production-workload-{n:02}" for n in range(12)]
CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
TOO_LONG = "x" * 300  # one path component over every file system's NAME_MAX (255 bytes)


def test_report_stem_keeps_every_name_when_they_fit() -> None:
    assert report_stem(STAMP, ["prod", "staging"]) == f"{STAMP}-prod+staging"


def test_report_stem_of_many_accounts_fits_and_says_how_many_more() -> None:
    stem = report_stem(STAMP, WORKLOADS)

    assert len(stem.encode()) <= MAX_STEM_BYTES
    assert stem.startswith(f"{STAMP}-production-workload-00+")
    shown = stem.removeprefix(f"{STAMP}-").split("+")
    more = shown.pop()
    assert more.startswith(f"{len(WORKLOADS) - len(shown)}-more-")
    assert shown == WORKLOADS[: len(shown)]


def test_report_stems_of_different_account_sets_differ() -> None:
    other = [*WORKLOADS[:-1], "production-workload-99"]
    reordered = [*WORKLOADS[1:], WORKLOADS[0]]

    stems = {report_stem(STAMP, names) for names in (WORKLOADS, other, reordered)}

    assert len(stems) == 3


def test_report_stem_when_not_even_one_name_fits() -> None:
    names = ["a" * 120, "b"]

    stem = report_stem(STAMP, names)

    assert len(stem.encode()) <= MAX_STEM_BYTES
    assert stem.startswith(f"{STAMP}-2-accounts-")


def test_twelve_accounts_leave_both_reports_under_the_default_name(suite: Suite) -> None:
    suite.write_accounts({name: {"account_id": ACCOUNT_ID} for name in WORKLOADS})
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    selection = [arg for name in WORKLOADS for arg in ("--account", name)]

    result = suite.pytester.runpytest(
        "-p",
        "no:cacheprovider",
        str(ROOT_KEYS_CONTROL),
        f"--rootdir={suite.pytester.path}",  # the default reports/ folder is under it
        f"--accounts-file={suite.accounts_file}",
        f"--settings-file={suite.settings_file}",
        f"--attestations-file={suite.attestations_file}",
        f"--waivers-file={suite.waivers_file}",
        *selection,
    )

    assert result.ret == 0, result.stdout.str()
    reports = suite.pytester.path / "reports"
    html = list(reports.glob("*.html"))
    xml = list(reports.glob("*.xml"))
    assert len(html) == len(xml) == 1
    assert html[0].stem == xml[0].stem
    assert len(html[0].stem.encode()) <= MAX_STEM_BYTES
    assert "-more-" in html[0].stem
    assert len(list(ET.parse(xml[0]).getroot().iter("testcase"))) == len(WORKLOADS)
    result.stdout.fnmatch_lines([f"HTML evidence report: {html[0]}", f"JUnit XML: {xml[0]}"])
    assert "production-workload-11 (123456789012) verdicts: 1 compliant" in result.stdout.str()


def _not_written_line(output: str, label: str) -> str:
    lines = [line for line in output.splitlines() if "could not be written" in line]
    assert len(lines) == 1, output
    assert lines[0].startswith(f"ERROR: the {label} could not be written to ")
    return lines[0]


@pytest.mark.parametrize("violation", [False, True], ids=["compliant", "violation"])
def test_html_that_cannot_be_written_exits_6_and_the_xml_is_still_written(
    suite: Suite, violation: bool
) -> None:
    key = RootAccessKey(active=True, last_rotated=CREATED)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=key if violation else None))
    html = suite.pytester.path / f"{TOO_LONG}.html"

    run = suite.run(f"--html={html}")

    assert run.result.ret == REPORT_NOT_WRITTEN
    line = _not_written_line(run.output, "HTML evidence report")
    assert "File name too long" in line
    assert "is 305 bytes long; the file system of" in line
    assert "allows at most 255 bytes per name: choose a shorter name" in line
    assert "Traceback" not in run.output
    assert "INTERNALERROR" not in run.output
    assert "Generated html report" not in run.output
    assert run.xml_path.exists()
    verdict = "violation" if violation else "compliant"
    assert run.verdicts() == {"test_root_access_keys[prod]": verdict}
    assert f"prod ({ACCOUNT_ID}) verdicts: 1 {verdict}" in run.output
    assert f"JUnit XML: {run.xml_path}" in run.output


def test_xml_that_cannot_be_written_exits_6_and_the_html_is_still_written(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    xml = suite.pytester.path / f"{TOO_LONG}.xml"

    run = suite.run(f"--junitxml={xml}")

    assert run.result.ret == REPORT_NOT_WRITTEN
    assert "File name too long" in _not_written_line(run.output, "JUnit XML")
    assert "Traceback" not in run.output
    assert "generated xml file" not in run.output
    assert "verdicts: 1 compliant" in run.html_path.read_text(encoding="utf-8")
    assert f"HTML evidence report: {run.html_path}" in run.output


def test_html_folder_that_cannot_be_created_exits_6_and_the_xml_is_still_written(
    suite: Suite,
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    in_the_way = suite.pytester.path / "a-file"
    in_the_way.write_text("", encoding="utf-8")

    run = suite.run(f"--html={in_the_way / 'report.html'}")

    assert run.result.ret == REPORT_NOT_WRITTEN
    line = _not_written_line(run.output, "HTML evidence report")
    assert f"{in_the_way} is a file, not a folder" in line
    assert "File exists" not in line
    assert "Traceback" not in run.output
    assert run.verdicts() == {"test_root_access_keys[prod]": "compliant"}


def test_both_reports_unwritable_give_two_lines_and_the_summary(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    folder: Path = suite.pytester.path

    run = suite.run(f"--html={folder / TOO_LONG}.html", f"--junitxml={folder / TOO_LONG}.xml")

    assert run.result.ret == REPORT_NOT_WRITTEN
    assert run.output.count("could not be written") == 2
    assert f"prod ({ACCOUNT_ID}) verdicts: 1 compliant" in run.output


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("option", ["--html", "--junitxml"])
def test_a_full_disk_is_one_line_and_exit_6(suite: Suite, option: str) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    run = suite.run(f"{option}=/dev/full")  # every write to /dev/full fails with ENOSPC

    assert run.result.ret == REPORT_NOT_WRITTEN
    label = "HTML evidence report" if option == "--html" else "JUnit XML"
    line = _not_written_line(run.output, label)
    assert "the disk holding /dev/full is full (No space left on device" in line
    other = run.xml_path if option == "--html" else run.html_path
    assert other.exists()
    assert "Traceback" not in run.output


@pytest.mark.parametrize("depth", ["the-file", "the-file/deeper"])
def test_xml_folder_under_a_file_says_which_component_is_a_file(suite: Suite, depth: str) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    in_the_way = suite.pytester.path / "the-file"
    in_the_way.write_text("", encoding="utf-8")

    run = suite.run(f"--junitxml={suite.pytester.path / depth / 'report.xml'}")

    assert run.result.ret == REPORT_NOT_WRITTEN
    line = _not_written_line(run.output, "JUnit XML")
    assert f"{in_the_way} is a file, not a folder" in line
    assert "File exists" not in line
    assert run.html_path.exists()


# Each kind of failure the operating system reports, as the line states it. The error is
# the one open() or mkdir() raises; the paths are real, so the cause is found as in a run.
def test_cause_of_a_file_where_a_folder_must_be(tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("", encoding="utf-8")
    report = tmp_path / "reports" / "run.html"
    for error in (
        FileExistsError(errno.EEXIST, "File exists", str(report.parent)),
        NotADirectoryError(errno.ENOTDIR, "Not a directory", str(report)),
    ):
        assert cause(error, str(report)) == (
            f"{tmp_path / 'reports'} is a file, not a folder, so the report cannot be put"
            " under it; choose another path or move that file"
        )


def test_cause_of_a_folder_without_write_permission(tmp_path: Path) -> None:
    report = tmp_path / "new" / "run.xml"
    error = PermissionError(errno.EACCES, "Permission denied", str(report.parent))

    assert cause(error, str(report)) == (
        f"this user may not create files in the folder {tmp_path} (no write permission;"
        " Permission denied, errno 13)"
    )


def test_cause_of_a_report_file_without_write_permission(tmp_path: Path) -> None:
    report = tmp_path / "run.xml"
    report.write_text("", encoding="utf-8")
    error = PermissionError(errno.EACCES, "Permission denied", str(report))

    assert cause(error, str(report)).startswith(f"this user may not overwrite {report}")


def test_cause_of_a_full_disk_and_a_used_up_quota(tmp_path: Path) -> None:
    report = tmp_path / "run.html"
    full = OSError(errno.ENOSPC, "No space left on device")
    quota = OSError(errno.EDQUOT, "Disk quota exceeded")

    assert cause(full, str(report)).startswith(f"the disk holding {report} is full")
    assert cause(quota, str(report)).startswith(
        f"this user's disk quota on the disk holding {tmp_path}"
    )


def test_cause_of_a_read_only_file_system(tmp_path: Path) -> None:
    error = OSError(errno.EROFS, "Read-only file system")

    assert cause(error, str(tmp_path / "run.html")).startswith(
        f"the folder {tmp_path} is on a read-only file system"
    )


def test_cause_of_a_name_too_long_states_the_limit(tmp_path: Path) -> None:
    report = tmp_path / f"{TOO_LONG}.html"
    with pytest.raises(OSError, match="File name too long") as raised:
        report.write_text("", encoding="utf-8")
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")

    line = cause(raised.value, str(report))

    assert line.startswith(f"the name '{'x' * 40}…' is {len(TOO_LONG) + 5} bytes long")
    assert f"allows at most {limit} bytes per name" in line


def test_cause_of_an_error_that_is_not_the_file_systems() -> None:
    assert cause(ValueError("bad data"), "r.html") == "ValueError: bad data"


def test_a_run_with_pytest_html_disabled_is_refused_in_one_line(suite: Suite) -> None:
    result = suite.pytester.runpytest(
        "-p",
        "no:cacheprovider",
        "-p",
        "no:html",
        str(ROOT_KEYS_CONTROL),
        f"--rootdir={suite.pytester.path}",
        f"--accounts-file={suite.accounts_file}",
        "--account",
        "prod",
    )

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.errlines if line.strip()]
    assert errors == [
        "ERROR: the HTML report is part of the evidence, and pytest-html is not loaded"
        " (-p no:html): run without -p no:html"
    ]
    assert not (suite.pytester.path / "reports").exists()  # nothing half made
