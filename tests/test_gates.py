"""Gates for CI: --fail-on-severity and --baseline decide the exit status from verdicts."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from fixtures import __version__
from fixtures.results.gates import Baseline, judge, resource_of
from fixtures.results.report_files import REPORT_NOT_WRITTEN
from fixtures.results.waivers import Waiver
from tests.conftest import ACCOUNT_ID, Suite, write_signed
from tests.controls.test_iam_ssh_key_rotation import upload_key

SSH_CONTROL = "iam/test_ssh_key_rotation.py"  # severity low
ROOT_KEYS_CONTROL = "iam/test_root_access_keys.py"  # severity high
ANA = f"arn:aws:iam::{ACCOUNT_ID}:user/ana"
BEN = f"arn:aws:iam::{ACCOUNT_ID}:user/ben"
USAGE_ERROR = 4


# --- the rules, on results as the run record holds them ---------------------------------


def result(verdict: str, *violations: str, **changes: Any) -> dict[str, Any]:
    """One run record result of the demo account; ``changes`` override."""
    entry: dict[str, Any] = {
        "account": "prod",
        "account_id": ACCOUNT_ID,
        "control": "iam/users-mfa",
        "region": "global (via us-east-1)",
        "severity": "high",
        "verdict": verdict,
        "reason": "",
        "violations": list(violations),
        "waived": [],
    }
    entry.update(changes)
    return entry


def baseline_of(*results: dict[str, Any]) -> Baseline:
    record = {"parts": [{"started_at": "2026-11-29T06:00:00+00:00"}], "results": list(results)}
    return Baseline(Path("previous.json"), record)


def test_violation_exactly_at_the_level_fails_and_one_below_does_not() -> None:
    at_level = result("violation", f"{ANA}: no MFA", severity="medium")
    below = result("violation", f"{BEN}: old key", severity="low", control="iam/ssh-key-rotation")

    assert judge([at_level, below], "medium", None).fails
    passed = judge([below], "medium", None)
    assert not passed.fails
    assert passed.lines == [
        "--fail-on-severity medium: 1 violation(s) below medium are reported but do not fail"
        " this run",
        "gates: nothing fails this run",
    ]


def test_each_level_orders_critical_high_medium_low() -> None:
    results = [result("violation", f"{ANA}: x", severity="high")]

    assert [judge(results, level, None).fails for level in ("critical", "high", "low")] == [
        False,
        True,
        True,
    ]


@pytest.mark.parametrize("verdict", ["could not assess", "awaiting attestation (required)"])
def test_results_without_positive_evidence_always_fail(verdict: str) -> None:
    results = [result(verdict, severity="low")]

    outcome = judge(results, "critical", baseline_of(result(verdict, severity="low")))

    assert outcome.fails
    assert outcome.lines[-1] == f"gates: this run fails (1 {verdict})"


@pytest.mark.parametrize("verdict", ["compliant", "waived", "awaiting attestation", "skipped"])
def test_results_that_never_fail(verdict: str) -> None:
    waived = [f"{ANA}: no MFA"] if verdict == "waived" else []

    assert not judge([result(verdict, *waived, severity="critical")], "low", None).fails


def test_an_unknown_verdict_fails_closed() -> None:
    assert judge([result("not run")], "critical", None).fails


def test_a_failed_test_without_a_verdict_fails() -> None:
    outcome = judge([], "low", None, no_verdict=1)

    assert outcome.fails
    assert outcome.lines[-1] == "gates: this run fails (1 failed test without a verdict)"


def test_waived_violations_of_a_violation_result_do_not_fail() -> None:
    partly = result(
        "violation",
        f"{ANA}: no MFA",
        f"{BEN}: no MFA",
        waived=[{"violation": f"{ANA}: no MFA"}],
    )
    baseline = baseline_of(result("violation", f"{BEN}: no MFA"))

    assert not judge([partly], None, baseline).fails
    assert judge([partly], None, baseline_of()).lines[1] == (
        f"new violation: prod ({ACCOUNT_ID}), global (via us-east-1), iam/users-mfa: {BEN}: no MFA"
    )


def test_baseline_knows_a_violation_by_its_resource_not_its_changing_text() -> None:
    before = result("violation", f"{ANA}: key 400 days old", region="global (via eu-west-1)")
    now = result("violation", f"{ANA}: key 401 days old")

    outcome = judge([now], None, baseline_of(before))

    assert not outcome.fails
    assert outcome.lines[0].endswith(
        "0 new violation(s), 1 in the baseline and still there, 0 resolved since"
    )


def test_a_new_wrong_on_a_resource_that_had_one_is_new() -> None:
    # a second port open on one network ACL, a second access key of root: the resource
    # was in the baseline, this violation was not
    before = result("violation", f"{ANA}: access key 1 is active (created 400 days ago)")
    now = result(
        "violation",
        f"{ANA}: access key 1 is active (created 401 days ago)",
        f"{ANA}: inline policy allows iam:*",
        f"{ANA}: access key 2 is active (created 3 days ago)",
    )

    outcome = judge([now], None, baseline_of(before))

    assert outcome.fails
    assert outcome.lines[0].endswith(
        "2 new violation(s), 1 in the baseline and still there, 0 resolved since"
    )
    assert outcome.lines[1].endswith(f"iam/users-mfa: {ANA}: inline policy allows iam:*")
    assert outcome.lines[2].endswith(f"{ANA}: access key 2 is active (created 3 days ago)")


def test_baseline_tells_accounts_controls_and_regions_apart() -> None:
    before = result("violation", f"{ANA}: x")
    for change in (
        {"account_id": "210987654321"},
        {"control": "iam/ssh-key-rotation"},
        {"region": "eu-west-1"},
    ):
        assert judge([result("violation", f"{ANA}: x", **change)], None, baseline_of(before)).fails


def test_a_violation_waived_in_the_baseline_is_new_when_its_waiver_lapses() -> None:
    before = result("waived", f"{ANA}: x", waived=[{"violation": f"{ANA}: x"}])

    assert judge([result("violation", f"{ANA}: x")], None, baseline_of(before)).fails


def test_resolved_only_where_this_run_assessed() -> None:
    baseline = baseline_of(
        result("violation", f"{ANA}: x"),
        result("violation", f"{ANA}: y", control="iam/ssh-key-rotation"),  # deselected now
        result("violation", f"{ANA}: z", control="iam/root-mfa"),  # could not assess now
        result("violation", f"{BEN}: w", control="iam/role-tags"),  # waived now: still there
    )
    now = [
        result("compliant"),
        result("could not assess", control="iam/root-mfa"),
        result("waived", f"{BEN}: w", control="iam/role-tags", waived=[{"violation": "-"}]),
    ]

    outcome = judge(now, None, baseline)

    assert outcome.lines[0].endswith(
        "0 new violation(s), 0 in the baseline and still there, 1 resolved since"
    )
    assert outcome.lines[1] == (
        f"resolved since the baseline: prod ({ACCOUNT_ID}), global (via us-east-1),"
        f" iam/users-mfa: {ANA}: x"
    )


def test_both_gates_a_new_violation_below_the_level_does_not_fail() -> None:
    now = [result("violation", f"{ANA}: x", severity="low")]

    outcome = judge(now, "medium", baseline_of())

    assert not outcome.fails
    assert "1 violation(s) below medium" in outcome.lines[0]
    assert outcome.lines[1].endswith(
        "1 new violation(s), 0 in the baseline and still there, 0 resolved since"
    )


SHAPES = [
    f"{ANA}: console password enabled without MFA",
    "arn:aws:s3:::demo-public-assets (S3 bucket): Sid 'PublicRead': Allow",
    "arn:aws:ec2:us-east-1:123456789012:security-group/sg-1 (VPC vpc-2): inbound all: x",
    "account 123456789012, eu-west-1: no IAM Access Analyzer analyzer exists",
    "organization o-eat58fp7tr: trusted access for iam.amazonaws.com is not enabled",
    "the password policy refuses only the last 12 passwords; at least 24 are required",
    "arn:aws:iam::123456789012:root: key\n  second line: more",
]


@pytest.mark.parametrize("violation", SHAPES)
def test_the_resource_is_the_one_a_waiver_covers(violation: str) -> None:
    def waiver(resource: str) -> Waiver:
        day = dt.date(2026, 1, 1)
        return Waiver("c", "prod", "me", day, day, "why", resources=(resource,))

    resource = resource_of(violation)

    assert waiver(resource).covers(violation) or ": " not in violation.partition("\n")[0]
    assert not waiver(resource[:-1]).covers(violation)
    assert "\n" not in resource


# --- the real suite, through pytester -----------------------------------------------------


def old_keys(suite: Suite, *users: str) -> None:
    """Each of ``users`` has an active SSH key 400 days old (a low-severity violation)."""
    for user in users:
        suite.client("iam").create_user(UserName=user)
        upload_key(suite, user, days_old=400)


def gate_lines(output: str) -> list[str]:
    starts = ("--fail-on-severity", "--baseline", "gates:", "new violation", "resolved since")
    return [line for line in output.splitlines() if line.startswith(starts)]


def test_severity_edge_on_the_real_suite(suite: Suite) -> None:
    old_keys(suite, "ana")

    at_level = suite.run("--fail-on-severity", "low", control=SSH_CONTROL)
    above = suite.run("--fail-on-severity", "medium", control=SSH_CONTROL)

    assert at_level.result.ret == 1
    assert (
        gate_lines(at_level.output)[-1] == "gates: this run fails (1 violation(s) at low or above)"
    )
    assert above.result.ret == 0, above.output
    above.result.assert_outcomes(failed=1)  # the violation stays a violation in the reports
    assert above.verdicts() == {"test_ssh_key_rotation[prod]": "violation"}
    assert gate_lines(above.output) == [
        "--fail-on-severity medium: 1 violation(s) below medium are reported but do not fail"
        " this run",
        "gates: nothing fails this run",
    ]


def test_could_not_assess_fails_whatever_the_level(suite: Suite) -> None:
    suite.deny("iam:ListSSHPublicKeys")

    run = suite.run("--fail-on-severity", "critical", control=SSH_CONTROL)

    assert run.result.ret == 1
    assert gate_lines(run.output)[-1] == "gates: this run fails (1 could not assess)"


def test_gate_lines_go_into_the_run_record(suite: Suite) -> None:
    old_keys(suite, "ana")
    path = suite.pytester.path / "run.json"

    run = suite.run("--fail-on-severity", "high", f"--run-record={path}", control=SSH_CONTROL)

    assert run.result.ret == 0
    part = json.loads(path.read_text(encoding="utf-8"))["parts"][0]
    assert part["exit_status"] == 0
    assert part["gates"] == {"fail_on_severity": "high", "baseline": None}
    assert "gates: nothing fails this run" in part["warnings"]


def test_a_report_not_written_outranks_the_gate(suite: Suite) -> None:
    in_the_way = suite.pytester.path / "a-file"
    in_the_way.write_text("", encoding="utf-8")

    run = suite.run("--fail-on-severity", "high", f"--html={in_the_way / 'r.html'}")

    assert run.result.ret == REPORT_NOT_WRITTEN


@pytest.mark.parametrize("level", ["HIGH", "severe", ""])
def test_unknown_level_is_one_line_exit_4(suite: Suite, level: str) -> None:
    unreachable(suite)  # refused before any account is resolved
    run = suite.run("--fail-on-severity", level, control=SSH_CONTROL)

    assert run.result.ret == USAGE_ERROR
    assert run.output.strip() == (
        f"ERROR: --fail-on-severity {level!r}: give one of critical, high, medium, low"
    )
    assert not run.xml_path.exists()


def run_record(suite: Suite, name: str, *args: str, control: str = SSH_CONTROL) -> Path:
    path = suite.pytester.path / name
    suite.run(f"--run-record={path}", *args, control=control)
    return path


def test_baseline_same_run_new_and_resolved(suite: Suite) -> None:
    old_keys(suite, "ana")
    previous = run_record(suite, "previous.json")

    again = suite.run(f"--baseline={previous}", control=SSH_CONTROL)

    assert again.result.ret == 0, again.output
    assert gate_lines(again.output) == [
        f"--baseline {previous} (run of "
        + json.loads(previous.read_text())["parts"][0]["started_at"]
        + "): 0 new violation(s), 1 in the baseline and still there, 0 resolved since",
        "gates: nothing fails this run",
    ]

    old_keys(suite, "ben")
    iam = suite.client("iam")  # ana's key goes: her violation is resolved
    for key in iam.list_ssh_public_keys(UserName="ana")["SSHPublicKeys"]:
        iam.delete_ssh_public_key(UserName="ana", SSHPublicKeyId=key["SSHPublicKeyId"])

    later = suite.run(f"--baseline={previous}", control=SSH_CONTROL)

    assert later.result.ret == 1
    lines = gate_lines(later.output)
    assert lines[0].endswith(
        "1 new violation(s), 0 in the baseline and still there, 1 resolved since"
    )
    # each named by the violation's first line: resource, then what is wrong
    assert lines[1].startswith(
        f"new violation: prod ({ACCOUNT_ID}), global (via us-east-1), iam/ssh-key-rotation:"
        f" {BEN}: SSH public key "
    )
    assert lines[2].startswith(
        f"resolved since the baseline: prod ({ACCOUNT_ID}), global (via us-east-1),"
        f" iam/ssh-key-rotation: {ANA}: SSH public key "
    )
    assert lines[3:] == ["gates: this run fails (1 new violation(s))"]


def test_baseline_and_level_together(suite: Suite) -> None:
    previous = run_record(suite, "previous.json")  # compliant: no keys yet
    old_keys(suite, "ana")

    run = suite.run(f"--baseline={previous}", "--fail-on-severity", "medium", control=SSH_CONTROL)

    assert run.result.ret == 0, run.output
    assert gate_lines(run.output)[0] == (
        "--fail-on-severity medium: 1 violation(s) below medium are reported but do not fail"
        " this run (new since the baseline)"
    )


def test_baseline_does_not_excuse_could_not_assess(suite: Suite) -> None:
    previous = run_record(suite, "previous.json")
    suite.deny("iam:ListSSHPublicKeys")

    run = suite.run(f"--baseline={previous}", control=SSH_CONTROL)

    assert run.result.ret == 1
    assert gate_lines(run.output)[-1] == "gates: this run fails (1 could not assess)"


def refused_copies(previous: Path) -> dict[str, tuple[Path, str]]:
    """Baselines the run must refuse: file -> the start of the one line it says."""
    record = json.loads(previous.read_text(encoding="utf-8"))
    folder = previous.parent
    copies: dict[str, tuple[Path, str]] = {}

    def write(name: str, content: object, says: str) -> None:
        path = folder / name
        text = content if isinstance(content, str) else json.dumps(content)
        write_signed(path, text)
        copies[name] = (path, says.format(path=path))

    other_version = copy.deepcopy(record)
    other_version["suite"]["version"] = "0.0.1"
    write(
        "version.json",
        other_version,
        f"ERROR: --baseline {{path}} was made by suite version 0.0.1; this is {__version__}",
    )
    other_account = copy.deepcopy(record)
    other_account["parts"][0]["accounts"][0]["account_id"] = "210987654321"
    write(
        "account.json",
        other_account,
        f"ERROR: --baseline {{path}} does not cover account {ACCOUNT_ID} of this run",
    )
    write("garbage.json", "{not json", "ERROR: --baseline: {path} is not JSON")
    invalid = copy.deepcopy(record)
    invalid["results"][0]["verdict"] = "fine"
    write("invalid.json", invalid, "ERROR: --baseline: {path} breaks the run record schema")
    copies["absent.json"] = (folder / "absent.json", "ERROR: --baseline: ")
    # a violation edited into a pass after the run: the manifest no longer matches
    tampered = copy.deepcopy(record)
    for result in tampered["results"]:
        if result["verdict"] == "violation":
            result["verdict"], result["violations"] = "compliant", []
    write("tampered.json", record, "")
    (folder / "tampered.json").write_text(json.dumps(tampered), encoding="utf-8")
    copies["tampered.json"] = (
        folder / "tampered.json",
        f"ERROR: --baseline: {folder / 'tampered.json'} does not match its manifest"
        " tampered.json.sha256",
    )
    (folder / "unsigned.json").write_text(json.dumps(record), encoding="utf-8")
    copies["unsigned.json"] = (
        folder / "unsigned.json",
        f"ERROR: --baseline: {folder / 'unsigned.json'} has no SHA-256 manifest beside it",
    )
    return copies


def unreachable(suite: Suite) -> None:
    """Point prod at a closed port: a run that resolved the account would say so."""
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": "http://127.0.0.1:9"}})


def test_refused_baselines_are_one_line_exit_4(suite: Suite) -> None:
    old_keys(suite, "ana")
    previous = run_record(suite, "previous.json")
    unreachable(suite)  # refused before any account is resolved

    for name, (path, says) in refused_copies(previous).items():
        run = suite.run(f"--baseline={path}", control=SSH_CONTROL)

        assert run.result.ret == USAGE_ERROR, name
        assert run.output.strip().startswith(says), run.output
        assert run.output.strip().count("\n") == 0, run.output
        assert "Traceback" not in run.output


def test_gates_on_the_demo(suite: Suite) -> None:
    suite.accounts_file.write_text(
        '[accounts.demo]\naccount_id = "123456789012"\ndemo = true\nregions = ["us-east-1"]\n',
        encoding="utf-8",
    )

    run = suite.run(
        "-k", "root", "--fail-on-severity", "critical", control=None, accounts=("demo",)
    )

    assert run.result.ret == 0, run.output
    assert gate_lines(run.output)[-1] == "gates: nothing fails this run"
    assert any(v == "violation" for v in run.verdicts().values())


def test_the_closing_line_names_violations_then_what_always_fails() -> None:
    results = [result("could not assess"), result("violation", f"{ANA}: x")]

    assert judge(results, "high", None).lines[-1] == (
        "gates: this run fails (1 violation(s) at high or above, 1 could not assess)"
    )


def test_a_merge_of_runs_is_gated_as_one_run(suite: Suite) -> None:
    old_keys(suite, "ana")
    previous = run_record(suite, "previous.json")
    merged = suite.pytester.path / "merged"

    def merge(*args: str) -> pytest.RunResult:
        return suite.pytester.runpytest(
            "-p", "no:cacheprovider", f"--merge={previous}", f"--html={merged}.html", *args
        )

    assert merge().ret == 1
    gated = merge("--fail-on-severity", "medium")
    assert gated.ret == 0, gated.stdout.str()
    assert gate_lines(gated.stdout.str()) == [
        "--fail-on-severity medium: 1 violation(s) below medium are reported but do not fail"
        " this run",
        "gates: nothing fails this run",
    ]
    against_itself = merge(f"--baseline={previous}")
    assert against_itself.ret == 0
    assert "0 new violation(s), 1 in the baseline and still there" in against_itself.stdout.str()
