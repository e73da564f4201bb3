"""The path every control travels: account selection, resolution, evidence, report, exit codes."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fixtures.demo.moto.iam import RootAccessKey, RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, REPO, ROOT_KEYS_CONTROL, Suite, assert_unresolved
from tests.example_controls import REGIONAL_CONTROL

USAGE_ERROR = 4
CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ACTIVE = RootAccessKey(active=True, last_rotated=CREATED)


def usage_error_line(run_output: str) -> str:
    lines = [line for line in run_output.splitlines() if line.startswith("ERROR: ")]
    assert len(lines) == 1, run_output
    return lines[0]


def test_no_account_names_the_accounts_and_exits_4(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID}, "staging": {"account_id": "111111111111"}}
    )

    result = suite.pytester.runpytest(
        "-p",
        "no:cacheprovider",
        str(REPO / "compliance_tests"),
        f"--accounts-file={suite.accounts_file}",
    )

    assert result.ret == USAGE_ERROR
    assert "no account selected: pass --account NAME" in usage_error_line(result.stderr.str())
    assert "defines: prod, staging" in result.stderr.str()


def test_unknown_account_exits_4_naming_the_known_ones(suite: Suite) -> None:
    run = suite.run(accounts=("nope",))

    assert run.result.ret == USAGE_ERROR
    assert "--account 'nope' is not in" in usage_error_line(run.output)
    assert "it defines: prod" in run.output
    assert "Traceback" not in run.output


def test_malformed_accounts_file_exits_4(suite: Suite) -> None:
    suite.accounts_file.write_text("[accounts.prod\naccount_id = 1\n", encoding="utf-8")

    run = suite.run()

    assert run.result.ret == USAGE_ERROR
    assert "is not valid TOML" in usage_error_line(run.output)


@pytest.mark.parametrize("name", ["bad<img src=x>", "a b", "prod;rm"])
def test_account_name_outside_the_safe_alphabet_is_refused(suite: Suite, name: str) -> None:
    run = suite.run(accounts=(name,))

    assert run.result.ret == USAGE_ERROR
    assert "account names use only letters, digits" in usage_error_line(run.output)


def test_credentials_of_another_account_are_could_not_assess(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": "999999999999"}})

    run = suite.run()

    assert_unresolved(
        run,
        "prod",
        f"belong to account {ACCOUNT_ID}",
        "not 999999999999",
        "refusing to produce evidence for another account",
    )
    assert run.verdicts() == {"test_root_access_keys[prod]": "could not assess"}
    assert "API calls" not in run.output  # no data was read as the other account


def test_missing_credentials_are_could_not_assess(
    suite: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")

    run = suite.run()

    assert_unresolved(run, "prod", "Unable to locate credentials")


def test_unknown_profile_is_could_not_assess(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "profile": "does-not-exist"}})

    run = suite.run()

    assert_unresolved(run, "prod", "does-not-exist")


def test_an_unresolved_account_does_not_stop_the_others(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID}, "other": {"account_id": "999999999999"}}
    )
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    run = suite.run(accounts=("prod", "other"))

    assert_unresolved(run, "other", "not 999999999999")
    assert run.verdicts() == {
        "test_root_access_keys[prod]": "compliant",
        "test_root_access_keys[other]": "could not assess",
    }
    assert "could not be resolved" in run.html_path.read_text(encoding="utf-8")

    # its record replays: the account is could not assess again, with the recorded reason
    replayed = suite.pytester.runpytest(
        "-p",
        "no:cacheprovider",
        str(ROOT_KEYS_CONTROL),
        f"--replay={run.record_path}",
        f"--html={suite.pytester.path / 'replay.html'}",
        f"--junitxml={suite.pytester.path / 'replay.xml'}",
        f"--run-record={suite.pytester.path / 'replay.json'}",
    )
    assert replayed.ret == 1, replayed.stdout.str()
    assert "replay: 2 of 2 verdicts match the record" in replayed.stdout.str()


def test_unknown_region_exits_4(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "zz-north-9"]}}
    )

    run = suite.run()

    assert run.result.ret == USAGE_ERROR
    assert "'zz-north-9' is not an AWS region" in usage_error_line(run.output)


def test_profile_credentials_are_used(
    suite: Suite, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "aws-config"
    config.write_text("[profile audit]\naws_access_key_id = a\naws_secret_access_key = b\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "profile": "audit"}})
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    run = suite.run()

    run.result.assert_outcomes(passed=1)


def test_two_accounts_in_one_run_each_get_their_own_verdict(suite: Suite) -> None:
    other = "111111111111"
    suite.write_accounts(
        {
            "prod": {"account_id": ACCOUNT_ID},
            "staging": {
                "account_id": other,
                "role_arn": f"arn:aws:iam::{other}:role/ComplianceAudit",
                "external_id": "ci-external-id",
                "session_name": "compliance-ci",
            },
        }
    )
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=ACTIVE))
    set_root_account(other, RootAccount(created=CREATED))

    run = suite.run("-v", accounts=("prod", "staging"))

    run.result.stdout.fnmatch_lines(
        [
            "*test_root_access_keys[[]prod[]] FAILED*",
            "*test_root_access_keys[[]staging[]] PASSED*",
        ]
    )
    assert (
        f"checked as arn:aws:sts::{other}:assumed-role/ComplianceAudit/compliance-ci" in run.output
    )
    assert f"prod ({ACCOUNT_ID}) verdicts: 1 violation" in run.output
    assert f"staging ({other}) verdicts: 1 compliant" in run.output
    assert f"<p>staging ({other}) verdicts: 1 compliant</p>" in run.html_path.read_text()


def test_junit_properties_on_every_case_including_setup_errors(suite: Suite) -> None:
    other = "111111111111"
    suite.write_accounts(
        {
            "prod": {"account_id": ACCOUNT_ID},
            "staging": {"account_id": other, "role_arn": f"arn:aws:iam::{other}:role/Audit"},
        }
    )
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))  # staging has no root row

    run = suite.run(accounts=("prod", "staging"))

    run.result.assert_outcomes(passed=1, errors=1)
    cases = ET.parse(run.xml_path).getroot().iter("testcase")
    properties = {
        case.attrib["name"]: {p.attrib["name"]: p.attrib["value"] for p in case.iter("property")}
        for case in cases
    }
    for name, account, account_id in (("prod", "prod", ACCOUNT_ID), ("staging", "staging", other)):
        props = properties[f"test_root_access_keys[{name}]"]
        assert props["control"] == "iam/root-access-keys"
        assert props["account"] == account
        assert props["account_id"] == account_id
        assert props["region"] == "global"
        assert props["severity"] == "high"
        assert props["cis-aws-7.0"] == "2.4"
        assert props["cloudsploit"] == "iam/rootAccessKeys"
        assert '"verdict": "' in props["evidence"]
    assert (
        '"verdict": "could not assess"' in properties["test_root_access_keys[staging]"]["evidence"]
    )


def test_html_report_holds_the_evidence(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=ACTIVE))

    run = suite.run()

    text = run.results_text()  # the list of every result, with its evidence
    for expected in (
        "iam/root-access-keys Root Access Keys",
        f"prod ({ACCOUNT_ID})",
        "iam:GenerateCredentialReport us-east-1 ok",
        "iam:GetCredentialReport us-east-1 ok",
        "iam:GetAccountSummary us-east-1 ok",
        "Credential report generated (UTC)",
        "Delete every root access key",
        "Root access key 1 active=true, last rotated 2019-04-02T09:30:00+00:00",
        "AccountAccessKeysPresent 1",
        "CIS AWS Foundations Benchmark v7.0 2.4",
    ):
        assert expected in text, expected
    data = run.html_data()  # pytest-html's row: the suite's columns, a link to the evidence
    for expected in ('col-control\\">iam/root-access-keys', 'col-severity\\">high'):
        assert expected in data
    html = run.html_path.read_text(encoding="utf-8")
    assert (
        "AWS compliance evidence: prod (123456789012) as arn:aws:sts::123456789012:user/moto"
        in html
    )
    assert '<link rel="stylesheet" href="' not in html  # self-contained


def test_html_report_escapes_markup_from_aws(suite: Suite, monkeypatch: pytest.MonkeyPatch) -> None:
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    iam = suite.client("iam")
    iam.create_user(UserName=payload)
    key = iam.create_access_key(UserName=payload)["AccessKey"]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, key_1=ACTIVE))

    run = suite.run()

    run.result.assert_outcomes(failed=1)
    data = run.html_data()
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in data
    assert "<img src=x" not in data
    assert "<script>alert" not in data
    html = run.html_path.read_text(encoding="utf-8")
    assert "<img src=x" not in html
    assert "<script>alert" not in html
    assert (
        "user/&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt; (suite"
        in html
    )


@pytest.mark.parametrize("workers", ["0", "16"], ids=["lazy", "prefetched"])
def test_each_request_is_made_once_however_many_controls_use_it(suite: Suite, workers: str) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    controls = suite.pytester.mkdir("controls")
    source = (REPO / "compliance_tests" / "iam" / "test_root_access_keys.py").read_text()
    for copy in ("a", "b", "c"):
        (controls / f"test_copy_{copy}.py").write_text(
            source.replace("root-access-keys", f"root-keys-{copy}")
        )

    run = suite.run("-o", f"prefetch_workers={workers}", control=controls)

    run.result.assert_outcomes(passed=3)
    # GenerateCredentialReport twice (STARTED, then COMPLETE), GetCredentialReport and
    # GetAccountSummary once each: for three controls, not per control. The sixth is
    # ec2:DescribeRegions, once per account, to learn which listed regions are enabled.
    assert (
        f"prod ({ACCOUNT_ID}) checked as arn:aws:sts::{ACCOUNT_ID}:user/moto: 6 API calls"
        in run.output
    )
    text = run.results_text()
    assert text.count("iam:GetCredentialReport us-east-1 ok") == 3  # each control shows it


def test_prefetched_failure_is_reported_by_every_control_that_needed_the_data(
    suite: Suite,
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    suite.deny("iam:GetAccountSummary")
    controls = suite.pytester.mkdir("controls")
    source = (REPO / "compliance_tests" / "iam" / "test_root_access_keys.py").read_text()
    for copy in ("a", "b"):
        (controls / f"test_copy_{copy}.py").write_text(
            source.replace("root-access-keys", f"root-keys-{copy}")
        )

    run = suite.run(control=controls)

    run.result.assert_outcomes(errors=2)
    assert run.output.count("needs the iam:GetAccountSummary permission") >= 2


def test_regional_controls_run_once_per_region(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    control = suite.pytester.makepyfile(test_regional=REGIONAL_CONTROL)

    run = suite.run("-v", control=control)

    run.result.stdout.fnmatch_lines(
        ["*test_regional[[]prod-us-east-1[]] PASSED*", "*test_regional[[]prod-eu-west-1[]] PASSED*"]
    )


# moto, like AWS, reports ap-east-1 as "not-opted-in" unless the account enables it.
NOT_ENABLED = "ap-east-1"


def test_listed_region_the_account_has_not_enabled_is_skipped_saying_why(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", NOT_ENABLED]}}
    )
    control = suite.pytester.makepyfile(test_regional=REGIONAL_CONTROL)

    run = suite.run("-v", control=control)

    run.result.assert_outcomes(passed=1, skipped=1)
    record = run.evidence()[f"test_regional[prod-{NOT_ENABLED}]"]
    assert record["verdict"] == "skipped"
    assert f"region {NOT_ENABLED} is not enabled for account prod" in record["reason"]


def test_enabled_regions_a_run_leaves_out_are_named(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1"]}})
    control = suite.pytester.makepyfile(test_regional=REGIONAL_CONTROL)

    run = suite.run(control=control)

    unchecked = run.evidence()["test_regional[prod-us-east-1]"]["decided_by"][
        "Enabled regions this run does not check"
    ].split(", ")
    assert "eu-west-1" in unchecked
    assert "us-east-1" not in unchecked
    assert NOT_ENABLED not in unchecked
    assert f"prod: {len(unchecked)} enabled region(s) not in this run" in run.output


def test_enabled_regions_leave_out_those_not_opted_in(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": "enabled"}})
    control = suite.pytester.makepyfile(test_regional=REGIONAL_CONTROL)

    run = suite.run("-v", control=control)

    assert "test_regional[prod-us-east-1] PASSED" in run.output
    assert "test_regional[prod-eu-west-1] PASSED" in run.output
    assert f"prod-{NOT_ENABLED}" not in run.output
    assert "not in this run" not in run.output  # every enabled region is checked
    outcomes = run.result.parseoutcomes()
    assert set(outcomes) <= {"passed", "warnings"}, outcomes


def test_listed_regions_run_with_a_warning_when_their_state_cannot_be_read(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", NOT_ENABLED]}}
    )
    suite.deny("ec2:DescribeRegions")
    control = suite.pytester.makepyfile(test_regional=REGIONAL_CONTROL)

    run = suite.run("-v", control=control)

    # Not known to be disabled, so checked: where AWS refuses, the checks error there.
    run.result.assert_outcomes(passed=2)
    assert "cannot tell whether its listed regions are enabled" in run.output
    assert "ec2:DescribeRegions" in run.output


def test_enabled_regions_that_cannot_be_listed_are_could_not_assess_in_the_home_region(
    suite: Suite,
) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": "enabled"}})
    suite.deny("ec2:DescribeRegions")
    control = suite.pytester.makepyfile(test_regional=REGIONAL_CONTROL)

    run = suite.run(control=control)

    assert_unresolved(run, "prod", "cannot list its enabled regions", "ec2:DescribeRegions")
    # its regions are unknown: its home region stands for them, and the record says so
    assert run.verdicts() == {"test_regional[prod-us-east-1]": "could not assess"}
    (account,) = run.record()["parts"][0]["accounts"]
    assert account["regions"] == ["us-east-1"]


def test_markers_select_controls_by_severity_and_framework(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    selected = suite.run("-m", "cis and severity_high and service_iam")
    assert selected.result.ret == 0
    selected.result.assert_outcomes(passed=1)

    deselected = suite.run("-m", "severity_low")
    deselected.result.assert_outcomes(deselected=1)


@pytest.mark.parametrize("form", ["separate", "equals"])
def test_accounts_file_option_works_from_the_repo_root(
    suite: Suite, form: str, tmp_path: Path
) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))
    option = (
        ["--accounts-file", str(suite.accounts_file)]
        if form == "separate"
        else [f"--accounts-file={suite.accounts_file}"]
    )

    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *option,
            "--account",
            "prod",
            "-k",
            "root_access_keys",
            "-p",
            "no:cacheprovider",
            f"--html={tmp_path / 'r.html'}",
            f"--junitxml={tmp_path / 'r.xml'}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "1 passed" in completed.stdout  # the -k selection of the whole suite
    assert f"rootdir: {REPO}" in completed.stdout


def test_demo_account_shows_the_root_key_violation(suite: Suite, tmp_path: Path) -> None:
    html = tmp_path / "demo.html"

    result = suite.pytester.runpytest(
        "-p",
        "no:cacheprovider",
        str(REPO / "compliance_tests"),
        f"--accounts-file={REPO / 'accounts.toml'}",
        "--account",
        "demo",
        f"--html={html}",
        f"--junitxml={tmp_path / 'demo.xml'}",
    )

    assert result.ret == 1
    # under FAILURES; the short summary does not list failed controls a second time
    result.stdout.fnmatch_lines(["_*test_root_access_keys[[]demo[]]*_"])
    assert "arn:aws:iam::123456789012:root: access key 1 is active" in result.stdout.str()
    result.stdout.fnmatch_lines([f"HTML evidence report: {html}"])
    assert html.exists()


SKIPPING_CONTROLS = '''
from fixtures.results.controls import Control

def _control(name):
    return Control(
        id=f"iam/{name}", title="Example", category="IAM", severity="low",
        description="d", more_info="m", aws_link="https://docs.aws.amazon.com/",
        recommended_action="r", remediation_steps=("s",),
    )

@_control("not-configured")
def test_not_configured(evidence):
    """Skips: nothing to check until a setting names it."""
    import pytest
    pytest.skip("no canary user configured: set canary_user")

@_control("needs-attestation")
def test_needs_attestation(evidence, attestation):
    """Needs a person's word."""
    attestation.require()
'''


@pytest.mark.parametrize("required", [False, True], ids=["awaiting", "required"])
def test_a_skip_reason_is_stated_once_without_pytests_prefix(suite: Suite, required: bool) -> None:
    control = suite.pytester.makepyfile(test_skipping=SKIPPING_CONTROLS)

    run = suite.run("-rA", *(["--require-attestations"] if required else []), control=control)

    evidence = run.evidence()
    skipped = evidence["test_not_configured[prod]"]
    assert skipped["verdict"] == "skipped"
    assert skipped["reason"] == "no canary user configured: set canary_user"
    awaiting = evidence["test_needs_attestation[prod]"]
    assert awaiting["verdict"] == "awaiting attestation" + (" (required)" if required else "")
    assert awaiting["reason"].startswith("no valid attestation of iam/needs-attestation")
    html = run.html_path.read_text(encoding="utf-8")
    for text in (run.output, html, run.xml_path.read_text(encoding="utf-8")):
        assert "Skipped: " not in text
        assert "skipped: skipped" not in text.lower()
        assert "awaiting attestation: awaiting attestation" not in text
    text = run.results_text()  # each result's evidence: the verdict, then its reason
    assert "Reason no canary user configured: set canary_user" in text
    assert "Reason no valid attestation of iam/needs-attestation" in text


# Nothing listens on port 9 (discard): a run that resolved the account would fail to
# connect, so a usage error naming the input proves no AWS call was made.
UNREACHABLE = "http://127.0.0.1:9"
ROOT_KEYS = "iam/root-access-keys"


def _bad_settings_file(suite: Suite) -> list[str]:
    suite.write_settings(nosuch=1)
    return []


def _malformed_settings_file(suite: Suite) -> list[str]:
    suite.settings_file.write_text("[settings\n", encoding="utf-8")
    return []


def _attestation_of_no_control(suite: Suite) -> list[str]:
    suite.write_attestations(
        {
            "control": "iam/no-such-control",
            "account": "prod",
            "by": "Jane Doe",
            "date": "2026-01-01",
            "expires": "2099-01-01",
            "statement": "s",
        }
    )
    return []


def _waiver_of_no_control(suite: Suite) -> list[str]:
    suite.write_waivers(
        {
            "control": "iam/no-such-control",
            "account": "prod",
            "by": "Jane Doe",
            "date": "2026-01-01",
            "expires": "2099-01-01",
            "justification": "j",
        }
    )
    return []


def _regional_waiver_of_an_account_wide_control(suite: Suite) -> list[str]:
    suite.write_waivers(
        {
            "control": ROOT_KEYS,
            "account": "prod",
            "region": "us-east-1",
            "by": "Jane Doe",
            "date": "2026-01-01",
            "expires": "2099-01-01",
            "justification": "j",
        }
    )
    return []


def _malformed_waivers(suite: Suite) -> list[str]:
    suite.waivers_file.write_text("[[waiver]]\ncontrol = 1\n", encoding="utf-8")
    return []


def _unknown_region(suite: Suite) -> list[str]:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "endpoint_url": UNREACHABLE, "regions": ["zz-north-9"]}}
    )
    return []


# What each case arranges (files it writes) and the arguments it adds; what the line says.
BAD_USAGE: dict[str, tuple[Callable[[Suite], list[str]], str]] = {
    "set-value-of-wrong-type": (
        lambda suite: ["--set", "min_password_length=abc"],
        "is not an integer",
    ),
    "set-negative-days": (
        lambda suite: ["--set", "access_key_max_age_days=-1"],
        "-1 is out of range; it must be a whole number from 0 to 36500",
    ),
    "set-days-past-any-date": (
        lambda suite: ["--set", "unused_credentials_days=99999999999"],
        "99999999999 is out of range",
    ),
    "set-reuse-count-iam-cannot-have": (
        lambda suite: ["--set", "password_reuse_prevention=25"],
        "from 1 to 24",
    ),
    "set-unknown-name": (lambda suite: ["--set", "nosuch=1"], "unknown setting(s): nosuch (--set)"),
    "set-malformed": (lambda suite: ["--set", "nosuch"], "expected NAME=VALUE"),
    "set-bad-regular-expression": (
        lambda suite: ["--set", "iam_username_regex=("],
        "is not a valid regular expression",
    ),
    "settings-file-unknown-name": (_bad_settings_file, "unknown setting(s): nosuch"),
    "settings-file-malformed": (_malformed_settings_file, "cannot be read"),
    "attestation-of-no-control": (_attestation_of_no_control, "iam/no-such-control"),
    "waiver-of-no-control": (_waiver_of_no_control, "iam/no-such-control"),
    "waiver-region-of-account-control": (
        _regional_waiver_of_an_account_wide_control,
        "checks each account once",
    ),
    "waivers-malformed": (_malformed_waivers, "waivers file"),
    "report-timeout-not-a-number": (
        lambda suite: ["-o", "credential_report_timeout=abc"],
        "credential_report_timeout = 'abc'",
    ),
    "report-timeout-zero": (lambda suite: ["-o", "credential_report_timeout=0"], "above 0"),
    "unknown-region": (_unknown_region, "'zz-north-9' is not an AWS region"),
}


@pytest.mark.parametrize("case", list(BAD_USAGE))
def test_bad_usage_stops_the_run_before_any_account_is_resolved_or_report_started(
    suite: Suite, case: str
) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": UNREACHABLE}})
    arrange, says = BAD_USAGE[case]
    args = arrange(suite)

    run = suite.run(*args, control=None)  # the whole suite, as a user runs it

    assert run.result.ret == USAGE_ERROR, run.output
    assert says in usage_error_line(run.output)
    assert "Traceback" not in run.output
    assert "127.0.0.1:9" not in run.output  # no account was resolved
    assert "API calls" not in run.output
    assert not run.html_path.exists()
    assert not run.xml_path.exists()
    assert len(run.output.strip().splitlines()) <= 3, run.output


@pytest.mark.parametrize("setting", ["min_password_length=abc", "nosuch=1"])
def test_bad_set_stops_a_demo_run_before_the_demo_is_seeded(suite: Suite, setting: str) -> None:
    suite.accounts_file.write_text(
        '[accounts.demo]\naccount_id = "123456789012"\ndemo = true\nregions = ["us-east-1"]\n',
        encoding="utf-8",
    )

    run = suite.run("--set", setting, control=None, accounts=("demo",))

    assert run.result.ret == USAGE_ERROR
    usage_error_line(run.output)
    assert run.output.strip().count("\n") == 0, run.output  # the one line, nothing else
    assert not run.html_path.exists()
    assert not run.xml_path.exists()


ASSERTING_CONTROL = '''
from fixtures.results.controls import Control

EXAMPLE = Control(
    id="iam/example", title="Example", category="IAM", severity="low",
    description="d", more_info="m", aws_link="https://docs.aws.amazon.com/",
    recommended_action="r", remediation_steps=("s",),
)

@EXAMPLE
def test_asserting(evidence):
    """Fails with a plain assert."""
    found = 2
    assert found == 1
'''


def test_control_modules_read_before_the_accounts_keep_assertion_rewriting(suite: Suite) -> None:
    control = suite.pytester.makepyfile(test_asserting=ASSERTING_CONTROL)

    run = suite.run(control=control)

    run.result.assert_outcomes(failed=1)
    assert "assert 2 == 1" in run.output  # pytest's rewritten assert shows the values
    assert "cannot be rewritten; test_asserting" not in run.output


@pytest.mark.parametrize(
    ("control", "args", "says"),
    [
        ("iam/test_nosuch.py", [], "file or directory not found: "),
        ("iam/test_root_access_keys.py::test_nosuch", [], "defines no test_nosuch"),
        ("iam/test_root_access_keys.py", ["-k", "root and"], "Wrong expression passed to '-k'"),
        ("iam/test_root_access_keys.py", ["-m", "cis or"], "Wrong expression passed to '-m'"),
    ],
    ids=["no-such-path", "no-such-test", "bad-k", "bad-m"],
)
def test_a_selection_that_cannot_be_collected_stops_the_run_before_any_account(
    suite: Suite, control: str, args: list[str], says: str
) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "endpoint_url": UNREACHABLE}})

    run = suite.run(*args, control=control)

    assert run.result.ret == USAGE_ERROR, run.output
    assert says in usage_error_line(run.output)
    assert "127.0.0.1:9" not in run.output
    assert not run.html_path.exists()
    assert not run.xml_path.exists()


def test_a_test_named_with_its_parameters_is_found(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED))

    run = suite.run(control="iam/test_root_access_keys.py::test_root_access_keys[prod]")

    assert run.result.ret == 0, run.output
    assert run.verdicts() == {"test_root_access_keys[prod]": "compliant"}
