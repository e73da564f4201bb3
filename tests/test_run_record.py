"""The run record (reports/<stem>.json): its scope, its results, its schema, and merges of
several records into one report, one JUnit file and one record."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fixtures import __version__
from fixtures.demo.moto.iam import RootAccessKey, RootAccount, set_root_account
from fixtures.results.merge import _merge_responses
from fixtures.results.run_record import (
    RunRecordError,
    load_record,
    sections_of,
    validation_errors,
)
from tests.conftest import ACCOUNT_ID, Suite, write_signed

CREATED = datetime(2020, 1, 1, tzinfo=UTC)
UNUSED_CREDENTIALS = "iam/test_unused_credentials.py"
OTHER_ACCOUNT = "210987654321"


def _with_root_key() -> None:
    key = RootAccessKey(active=True, last_rotated=CREATED)
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=key))


def test_a_run_records_its_scope_and_every_result(suite: Suite) -> None:
    _with_root_key()
    suite.settings_file.write_text("[settings]\nunused_credentials_days = 30\n", "utf-8")

    run = suite.run("-k", "root or unused_credentials", control="iam")

    record = run.record()  # validated against the schema
    assert record["suite"]["version"] == __version__
    (part,) = record["parts"]
    assert part["exit_status"] == run.result.ret == 1
    assert part["selection"]["keyword"] == "root or unused_credentials"
    assert part["selection"]["markexpr"] == ""
    assert part["selection"]["results_deselected"] > 0
    selected = set(part["selection"]["controls_selected"])
    assert {"iam/root-access-keys", "iam/unused-credentials"} <= selected
    assert (
        part["selection"]["controls_available"]
        == len(selected)
        + (
            part["selection"]["results_deselected"]  # one account, iam/ is account-wide
        )
    )
    assert "2.4" in part["selection"]["frameworks"]["cis-aws-7.0"]
    assert part["settings_changed"] == [
        {
            "name": "unused_credentials_days",
            "value": "30",
            "default": "45",
            "source": str(suite.settings_file),
        }
    ]
    files = {entry["role"]: entry for entry in part["files"]}
    assert (
        files["settings"]["sha256"] == hashlib.sha256(suite.settings_file.read_bytes()).hexdigest()
    )
    assert files["accounts"]["path"] == str(suite.accounts_file)
    assert files["accounts"]["entries"] == 1
    (account,) = part["accounts"]
    assert account["account_id"] == ACCOUNT_ID
    assert account["checked_as"].startswith("arn:aws:")
    assert account["regions"] == ["us-east-1"]
    # every warning the terminal printed is in the record
    assert account["unchecked_regions"]
    assert any("enabled region(s) not in this run" in line for line in part["warnings"])
    results = {r["control"]: r for r in record["results"]}
    assert set(results) == selected
    root = results["iam/root-access-keys"]
    assert root["verdict"] == "violation"
    assert root["nodeid"].endswith("test_root_access_keys[prod]")
    assert root["remediation_steps"]
    assert root["api_calls"]
    assert all(call["at"].endswith("+00:00") for call in root["api_calls"])
    # the thresholds in force, in the text and in the settings
    unused = results["iam/unused-credentials"]
    assert unused["settings_in_force"]["unused_credentials_days"] == "30"
    assert "30 days" in unused["description"]


def test_the_record_goes_beside_a_named_html_report(suite: Suite, tmp_path: Path) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    html = tmp_path / "out" / "evidence.html"

    run = suite.run(f"--html={html}", "--run-record=")  # empty: the default place

    assert run.result.ret == 0, run.output
    assert load_record(tmp_path / "out" / "evidence.json")["results"][0]["verdict"] == "compliant"


def _record(**changes: Any) -> dict[str, Any]:
    sample = Path(__file__).parent / "data" / "sample-run.json"
    record: dict[str, Any] = json.loads(sample.read_text(encoding="utf-8"))
    record.update(changes)
    return record


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{not json", "is not JSON"),
        ('{"schema": "other"}', "is not a run record of this suite"),
        (
            '{"schema": "aws-compliance-suite/run-record", "schema_version": 99}',
            "schema version 99; this suite reads version 1",
        ),
    ],
)
def test_a_bad_record_is_refused_in_one_line(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RunRecordError, match=says) as raised:
        load_record(path)
    assert "\n" not in str(raised.value)


def test_a_record_that_breaks_the_schema_is_refused(tmp_path: Path) -> None:
    record = _record()
    record["results"][0]["verdict"] = "passed"  # pytest's word, not a verdict
    path = tmp_path / "r.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(RunRecordError, match=r"results/0/verdict: 'passed' is not one of"):
        load_record(path)
    assert validation_errors(_record()) == []


def test_sections_name_cis_sections_and_cloudsploit_categories() -> None:
    result = {
        "frameworks": {"cis-aws-7.0": ["2.4", "2.10", "5.3"], "cloudsploit": ["iam/x"]},
        "category": "IAM",
    }
    assert sections_of(result) == {
        "cis-aws-7.0": ["2 Identity and Access Management", "5 Monitoring"],
        "cloudsploit": ["IAM"],
    }
    assert sections_of({"frameworks": {"cis-aws-7.0": []}, "category": "S3"}) == {}


def _two_runs(suite: Suite, tmp_path: Path) -> tuple[Path, Path]:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID}, "staging": {"account_id": ACCOUNT_ID}}
    )
    _with_root_key()
    first = suite.run("--run-record", str(tmp_path / "prod.json"), accounts=("prod",))
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    second = suite.run("--run-record", str(tmp_path / "staging.json"), accounts=("staging",))
    assert (first.result.ret, second.result.ret) == (1, 0)
    # moto serves one account id; a fleet's second account has its own
    staging = tmp_path / "staging.json"
    write_signed(
        staging,
        staging.read_text(encoding="utf-8").replace(f'"{ACCOUNT_ID}"', f'"{OTHER_ACCOUNT}"'),
    )
    return tmp_path / "prod.json", staging


def test_two_runs_merge_into_one_report_junit_file_and_record(suite: Suite, tmp_path: Path) -> None:
    prod, staging = _two_runs(suite, tmp_path)
    out = tmp_path / "merged"

    result = suite.pytester.runpytest(
        "-p",
        "no:cacheprovider",
        f"--merge={prod}",
        f"--merge={staging}",
        f"--html={out}.html",
        f"--junitxml={out}.xml",
    )

    assert result.ret == 1  # the prod part has a violation
    output = result.stdout.str()
    assert "Traceback" not in output
    assert "part 1 of 2" in output
    assert "part 2 of 2" in output
    digest = hashlib.sha256(prod.read_bytes()).hexdigest()
    assert f"merged {prod} (SHA-256 {digest}): part(s) 1 to 1, 1 result(s)" in output
    assert f"prod ({ACCOUNT_ID}) verdicts: 1 violation" in output
    assert f"staging ({OTHER_ACCOUNT}) verdicts: 1 compliant" in output
    merged = load_record(Path(f"{out}.json"))
    assert len(merged["parts"]) == 2
    assert [(r["account"], r["part"], r["verdict"]) for r in merged["results"]] == [
        ("prod", 0, "violation"),
        ("staging", 1, "compliant"),
    ]
    assert merged["results"][0]["api_calls"] == load_record(prod)["results"][0]["api_calls"]
    # every run's AWS answers, by account; each result's ids find their calls
    assert set(merged["responses"]) == {"prod", "staging"}
    for name, path in (("prod", prod), ("staging", staging)):
        assert merged["responses"][name] == load_record(path)["responses"][name]
    for result in merged["results"]:
        assert result["responses"]
        assert set(result["responses"]) <= set(merged["responses"][result["account"]])
    cases = list(ET.parse(f"{out}.xml").getroot().iter("testcase"))
    assert sorted(case.attrib["name"] for case in cases) == [
        "test_root_access_keys[prod]",
        "test_root_access_keys[staging]",
    ]
    assert sum(1 for case in cases if case.find("failure") is not None) == 1
    html = Path(f"{out}.html").read_text(encoding="utf-8")
    assert "staging" in html
    assert "prod" in html
    for suffix in (".csv", ".ocsf.json", ".asff.json"):
        assert Path(f"{out}{suffix}").exists()


@pytest.mark.parametrize(
    "problem", ["version", "same run twice", "with account", "missing", "narrowed by -k"]
)
def test_a_merge_that_cannot_be_made_is_one_line_and_exit_4(
    suite: Suite, tmp_path: Path, problem: str
) -> None:
    prod, staging = _two_runs(suite, tmp_path)
    args = [f"--merge={prod}", f"--merge={staging}"]
    says = ""
    if problem == "version":
        record = json.loads(staging.read_text(encoding="utf-8"))
        record["suite"]["version"] = "0.0.1"
        write_signed(staging, json.dumps(record))
        says = "was made by suite version 0.0.1"
    elif problem == "same run twice":
        args = [f"--merge={prod}", f"--merge={prod}"]
        says = "a merged record holds one verdict per result"
    elif problem == "one name, two accounts":
        record = json.loads(staging.read_text(encoding="utf-8"))
        for entry in (*record["parts"][0]["accounts"], *record["results"]):
            entry["account"] = "prod"
        for result in record["results"]:
            result["nodeid"] = result["nodeid"].replace("[staging]", "[prod]")
        write_signed(staging, json.dumps(record))
        says = f"the name 'prod' stands for account {ACCOUNT_ID} and for {OTHER_ACCOUNT}"
    elif problem == "part out of range":
        record = json.loads(staging.read_text(encoding="utf-8"))
        record["results"][0]["part"] = 5
        write_signed(staging, json.dumps(record))
        says = "results/0/part: 5 is not the index of one of its 1 part(s)"
    elif problem == "narrowed by -k":
        args.append("-k=prod")
        says = "-k would leave some out"
    elif problem == "with account":
        args.append("--account=prod")
        says = "it checks no --account"
    else:
        args = [f"--merge={tmp_path / 'nowhere.json'}"]
        says = "does not exist"

    result = suite.pytester.runpytest("-p", "no:cacheprovider", *args)

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.startswith("ERROR")]
    assert len(errors) == 1
    assert says in errors[0]
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_a_run_stopped_early_records_what_did_not_run_and_never_passes_a_gate(
    suite: Suite, tmp_path: Path
) -> None:
    _with_root_key()
    selection = ("-k", "root_access_keys or root_mfa or root_hardware_mfa")
    baseline = suite.run(*selection, "--run-record", str(tmp_path / "all.json"), control="iam")
    assert len(load_record(tmp_path / "all.json")["results"]) == 3, baseline.output

    # -x stops after the first violation; every violation is in the baseline
    run = suite.run(*selection, "-x", f"--baseline={tmp_path / 'all.json'}", control="iam")

    assert run.result.ret == 1, run.output
    record = run.record()
    verdicts = [r["verdict"] for r in record["results"]]
    assert verdicts.count("not run") == 2
    assert all("the run ended before it ran" in r["reason"] for r in record["results"][1:])
    assert any(
        "2 of 3 selected control result(s) were not run" in w
        for w in record["parts"][0]["warnings"]
    )
    assert "gates: this run fails (2 not run)" in run.output


def test_junit_lists_each_control_a_stopped_run_did_not_run_as_an_error(suite: Suite) -> None:
    _with_root_key()
    selection = ("-k", "root_access_keys or root_mfa or root_hardware_mfa")

    run = suite.run(*selection, "-x", control="iam")  # stops after the first violation

    suite_element = ET.parse(run.xml_path).getroot().find("testsuite")
    assert suite_element is not None
    assert (suite_element.get("tests"), suite_element.get("errors")) == ("3", "2")
    errors = {
        case.get("name"): error.get("message")
        for case in suite_element.iter("testcase")
        for error in case.iter("error")
    }
    reason = 'failed on setup with "the run ended before it ran (stopping after 1 failures)"'
    assert list(errors.values()) == [reason, reason]
    # each with the evidence the record has for it
    not_run = {
        r["nodeid"].split("::")[1] for r in run.record()["results"] if r["verdict"] == "not run"
    }
    assert set(errors) == not_run
    assert {name for name, e in run.evidence().items() if e["verdict"] == "not run"} == not_run


def test_under_xdist_the_record_states_what_the_workers_selected(suite: Suite) -> None:
    _with_root_key()

    run = suite.run("-n", "2", "-k", "root_access_keys or root_mfa", control="iam")

    selection = run.record()["parts"][0]["selection"]
    assert selection["controls_selected"] == ["iam/root-access-keys", "iam/root-mfa"]
    assert selection["controls_available"] > 2
    assert selection["results_deselected"] == selection["controls_available"] - 2
    assert selection["frameworks"]["cis-aws-7.0"] == ["2.4", "2.5"]


def test_a_merge_refuses_a_run_that_did_not_finish(suite: Suite, tmp_path: Path) -> None:
    prod, staging = _two_runs(suite, tmp_path)
    record = json.loads(staging.read_text(encoding="utf-8"))
    record["parts"][0]["exit_status"] = 2  # interrupted: its results are a fraction
    write_signed(staging, json.dumps(record))

    result = suite.pytester.runpytest(
        "-p", "no:cacheprovider", f"--merge={prod}", f"--merge={staging}"
    )

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "ended with exit status 2, so its results are incomplete" in result.stderr.str()


def test_an_output_that_cannot_be_written_leaves_the_others_and_the_record_says_6(
    suite: Suite, tmp_path: Path
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    (tmp_path / "run.csv").mkdir()  # a folder where the CSV goes

    run = suite.run(f"--run-record={tmp_path / 'run.json'}")

    assert run.result.ret == 6
    errors = [line for line in run.output.splitlines() if "could not be written" in line]
    assert errors == [
        f"ERROR: the CSV results could not be written to {tmp_path / 'run.csv'}:"
        f" {tmp_path / 'run.csv'} is a folder; give a file name for the report"
        " (Is a directory, errno 21)"
    ]
    assert (tmp_path / "run.ocsf.json").stat().st_size > 0
    assert (tmp_path / "run.asff.json").stat().st_size > 0
    assert load_record(tmp_path / "run.json")["parts"][0]["exit_status"] == 6


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_not_read_as_a_record() -> None:
    with pytest.raises(RunRecordError, match="is not a file"):
        load_record(Path("/dev/zero"))  # never ends: reading it whole would exhaust memory


def test_a_call_made_in_two_merged_runs_keeps_both_answers() -> None:
    call = {"service": "iam", "operation": "ListUsers", "region": "us-east-1", "params": {}}
    first = {"prod": {"c1": {**call, "answers": [{"status": 200, "response": {"Users": []}}]}}}
    second = {
        "prod": {"c1": {**call, "answers": [{"status": 200, "response": {"Users": [1]}}]}},
        "staging": {"c2": {**call, "answers": []}},
    }
    merged: dict[str, dict[str, dict[str, Any]]] = {}

    _merge_responses(merged, first)
    _merge_responses(merged, second)
    _merge_responses(merged, None)  # a record of an earlier version: no answers

    assert [a["response"] for a in merged["prod"]["c1"]["answers"]] == [
        {"Users": []},
        {"Users": [1]},
    ]
    assert merged["staging"] == second["staging"]
    assert first["prod"]["c1"]["answers"] == [{"status": 200, "response": {"Users": []}}]


@pytest.mark.parametrize("change", ["tampered", "unsigned"])
def test_a_merge_refuses_a_record_that_does_not_match_its_manifest(
    suite: Suite, tmp_path: Path, change: str
) -> None:
    prod, staging = _two_runs(suite, tmp_path)
    manifest = Path(f"{prod}.sha256")
    if change == "tampered":  # a violation edited into a pass after the run
        record = json.loads(prod.read_text(encoding="utf-8"))
        for result in record["results"]:
            if result["verdict"] == "violation":
                result["verdict"], result["violations"] = "compliant", []
        prod.write_text(json.dumps(record), encoding="utf-8")
        says = f"{prod} does not match its manifest {manifest.name}"
    else:
        manifest.unlink()
        says = f"{prod} has no SHA-256 manifest beside it ({manifest.name})"
    merged = tmp_path / "merged.json"

    result = suite.pytester.runpytest(
        "-p", "no:cacheprovider", f"--merge={prod}", f"--merge={staging}", f"--run-record={merged}"
    )

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.startswith("ERROR: ")]
    assert errors, result.stderr.lines
    assert errors[0].startswith(f"ERROR: --merge: {says}"), errors
    assert not merged.exists()


def test_a_run_of_one_account_under_two_names_merges(suite: Suite, tmp_path: Path) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID}, "prod-2": {"account_id": ACCOUNT_ID}})
    record = tmp_path / "both.json"
    run = suite.run(f"--run-record={record}", accounts=("prod", "prod-2"))
    assert len(json.loads(record.read_text(encoding="utf-8"))["results"]) == 2
    merged = tmp_path / "merged.json"

    result = suite.pytester.runpytest(
        "-p", "no:cacheprovider", f"--merge={record}", f"--run-record={merged}"
    )

    assert result.ret == run.result.ret, result.stderr.lines
    kept = json.loads(merged.read_text(encoding="utf-8"))["results"]
    assert sorted(r["account"] for r in kept) == ["prod", "prod-2"]

    again = suite.pytester.runpytest(
        "-p", "no:cacheprovider", f"--merge={record}", f"--merge={record}"
    )

    assert again.ret == pytest.ExitCode.USAGE_ERROR
    assert any(
        f"for account 'prod' ({ACCOUNT_ID}) in global (via us-east-1) is in both" in line
        for line in again.stderr.lines
    ), again.stderr.lines
