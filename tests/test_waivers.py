"""Waivers: accepted, time-limited exceptions, applied only to violations."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fixtures.results.waivers import Waiver, apply, load_waivers
from fixtures.run.toml_entries import EntriesError
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.test_iam_ssh_key_rotation import upload_key

CONTROL = "iam/test_ssh_key_rotation.py"
CONTROL_ID = "iam/ssh-key-rotation"
CASE = "test_ssh_key_rotation[prod]"
TODAY = dt.datetime.now(dt.UTC).date()
ANA = f"arn:aws:iam::{ACCOUNT_ID}:user/ana"
BEN = f"arn:aws:iam::{ACCOUNT_ID}:user/ben"


def waiver(**changes: object) -> dict[str, object]:
    """A waiver of the SSH key control for prod, in force today; ``changes`` override."""
    entry: dict[str, object] = {
        "control": CONTROL_ID,
        "account": "prod",
        "by": "Jane Doe <jane@example.com>",
        "date": (TODAY - dt.timedelta(days=10)).isoformat(),
        "expires": (TODAY + dt.timedelta(days=30)).isoformat(),
        "justification": "Build host keys; replaced with the new fleet. Ticket SEC-123.",
    }
    entry.update(changes)
    return entry


def old_keys(suite: Suite, *users: str) -> None:
    """Each of ``users`` has an active SSH key 400 days old (a violation each)."""
    for user in users:
        suite.client("iam").create_user(UserName=user)
        upload_key(suite, user, days_old=400)


def test_waiver_in_force_turns_the_violation_into_an_expected_failure(suite: Suite) -> None:
    old_keys(suite, "ana")
    suite.write_waivers(waiver())

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(xfailed=1)
    assert run.result.ret == 0
    record = run.evidence()[CASE]
    assert record["verdict"] == "waived"
    assert "Ticket SEC-123" in record["reason"]
    assert "approved by Jane Doe" in record["reason"]
    assert [w["violation"].startswith(f"{ANA}: SSH public key") for w in record["waived"]] == [True]
    assert record["decided_by"]["Waived violations"].startswith(f"- {ANA}: SSH public key")
    skipped = ET.parse(run.xml_path).getroot().find(".//testcase/skipped")
    assert skipped is not None
    assert "Ticket SEC-123" in skipped.attrib["message"]
    assert "Ticket SEC-123" in run.results_text()  # in its evidence: waived, and why


def test_waiver_limited_to_resources_leaves_other_violations_failing(suite: Suite) -> None:
    old_keys(suite, "ana", "ben")
    suite.write_waivers(waiver(resources=[ANA]))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s):" in run.output
    assert f"- {BEN}: SSH public key" in run.output
    assert f"- {ANA}:" not in run.output
    assert "(1 more waived; see the evidence)" in run.output
    record = run.evidence()[CASE]
    assert record["verdict"] == "violation"
    assert [w["violation"].startswith(ANA) for w in record["waived"]] == [True]


def test_waiver_naming_every_offending_resource_waives_the_control(suite: Suite) -> None:
    old_keys(suite, "ana", "ben")
    suite.write_waivers(waiver(resources=[ANA]), waiver(resources=[BEN], by="Sam Roe"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(xfailed=1)
    record = run.evidence()[CASE]
    assert {w["by"] for w in record["waived"]} == {"Jane Doe <jane@example.com>", "Sam Roe"}


def test_resource_must_match_whole_not_as_a_prefix(suite: Suite) -> None:
    old_keys(suite, "ana2")
    suite.write_waivers(waiver(resources=[ANA]))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ANA}2: SSH public key" in run.output


def test_expired_waiver_no_longer_applies_and_says_so(suite: Suite) -> None:
    old_keys(suite, "ana")
    expired_on = TODAY - dt.timedelta(days=1)
    suite.write_waivers(
        waiver(date=(TODAY - dt.timedelta(days=60)).isoformat(), expires=expired_on.isoformat())
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"expired on {expired_on}; it no longer applies" in run.output
    assert run.evidence()[CASE]["waived"] == []


def test_expired_waiver_of_a_compliant_control_leaves_the_pass_clean(suite: Suite) -> None:
    suite.write_waivers(
        waiver(
            date=(TODAY - dt.timedelta(days=60)).isoformat(),
            expires=(TODAY - dt.timedelta(days=1)).isoformat(),
        )
    )

    run = suite.run("-rA", control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert "violation(s)" not in run.output
    assert "violation(s)" not in run.html_data()


def test_waiver_expiring_within_two_weeks_is_announced(suite: Suite) -> None:
    old_keys(suite, "ana")
    soon = TODAY + dt.timedelta(days=3)
    suite.write_waivers(waiver(expires=soon.isoformat()), waiver(control="iam/root-access-keys"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(xfailed=1)
    assert f"waiver expires in 3 day(s), on {soon}: {CONTROL_ID} for prod" in run.output
    assert "iam/root-access-keys for prod" not in run.output  # 30 days left: not yet


def test_waiver_dated_in_the_future_is_not_yet_in_force(suite: Suite) -> None:
    old_keys(suite, "ana")
    suite.write_waivers(
        waiver(
            date=(TODAY + dt.timedelta(days=2)).isoformat(),  # not yet, even past midnight
            expires=(TODAY + dt.timedelta(days=9)).isoformat(),
        )
    )

    suite.run(control=CONTROL).result.assert_outcomes(failed=1)


def test_waiver_of_another_account_or_control_does_not_apply(suite: Suite) -> None:
    old_keys(suite, "ana")
    suite.write_waivers(waiver(account="staging"), waiver(control="iam/root-access-keys"))

    suite.run(control=CONTROL).result.assert_outcomes(failed=1)


def test_waiver_may_name_the_account_by_id(suite: Suite) -> None:
    old_keys(suite, "ana")
    suite.write_waivers(waiver(account=ACCOUNT_ID))

    suite.run(control=CONTROL).result.assert_outcomes(xfailed=1)


def test_waiver_never_covers_a_control_that_could_not_assess(suite: Suite) -> None:
    old_keys(suite, "ana")
    suite.deny("iam:ListSSHPublicKeys")
    suite.write_waivers(waiver())

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert run.evidence()[CASE]["verdict"] == "could not assess"


def test_compliant_control_passes_and_names_the_waiver_it_no_longer_needs(suite: Suite) -> None:
    suite.write_waivers(waiver())

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    record = run.evidence()[CASE]
    assert record["verdict"] == "compliant"
    assert [w.split(" (")[0] for w in record["idle_waivers"]] == [f"{CONTROL_ID} for prod"]
    assert f"waiver not needed in this run (remove it, or check its resources): {CONTROL_ID}" in (
        run.output
    )


def test_waiver_of_resources_no_longer_in_violation_is_named(suite: Suite) -> None:
    old_keys(suite, "ben")
    suite.write_waivers(waiver(resources=[ANA]))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert len(run.evidence()[CASE]["idle_waivers"]) == 1
    assert "waiver not needed in this run" in run.output


def test_waiver_that_accepts_a_violation_is_not_named_idle(suite: Suite) -> None:
    old_keys(suite, "ana")
    suite.write_waivers(waiver())

    run = suite.run(control=CONTROL)

    assert run.evidence()[CASE]["idle_waivers"] == []
    assert "waiver not needed" not in run.output


def test_ignore_waivers_shows_the_violation_and_notes_why(suite: Suite) -> None:
    old_keys(suite, "ana")
    suite.write_waivers(waiver())

    run = suite.run("--ignore-waivers", control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "--ignore-waivers" in run.evidence()[CASE]["decided_by"]["Waivers"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (waiver(control="iam/no-such-control"), "no control 'iam/no-such-control'"),
        (waiver(region="eu-west-1"), "checks each account once, not per region"),
        ({k: v for k, v in waiver().items() if k != "justification"}, "missing ['justification']"),
        (waiver(resources=[]), "resources must be a non-empty list"),
        (waiver(expires=(TODAY - dt.timedelta(days=20)).isoformat()), "expires must come after"),
        (waiver(reviewer="x"), "unknown ['reviewer']"),
    ],
)
def test_invalid_waiver_stops_the_run(suite: Suite, entry: dict[str, object], message: str) -> None:
    suite.write_waivers(entry)

    run = suite.run(control=None)  # the whole suite, so every control id is known

    assert run.result.ret == pytest.ExitCode.USAGE_ERROR
    assert message in run.output
    assert "Traceback" not in run.output


def test_waiver_of_a_control_outside_explicit_paths_only_warns(suite: Suite) -> None:
    old_keys(suite, "ana")
    suite.write_waivers(waiver(), waiver(control="iam/no-such-control"))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(xfailed=1)
    assert "no control 'iam/no-such-control'" in run.output
    assert "among the controls this run collected" in run.output


def test_missing_explicit_waivers_file_stops_the_run(suite: Suite) -> None:
    run = suite.run(f"--waivers-file={suite.waivers_file}.missing")

    assert run.result.ret == pytest.ExitCode.USAGE_ERROR
    assert "does not exist" in run.output


def test_absent_default_file_means_no_waivers(tmp_path: Path) -> None:
    assert load_waivers(tmp_path / "waivers.toml", required=False) == []


def test_file_with_other_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text('[waivers]\ncontrol = "x"\n', encoding="utf-8")

    with pytest.raises(EntriesError, match=r"entries go in \[\[waiver\]\] tables"):
        load_waivers(path, required=True)


def _waiver(**changes: object) -> Waiver:
    values: dict[str, object] = {
        "control": "ec2/x",
        "account": "prod",
        "by": "Jane",
        "date": TODAY,
        "expires": TODAY + dt.timedelta(days=1),
        "justification": "accepted",
    }
    values.update(changes)
    return Waiver(**values)  # type: ignore[arg-type]


def test_region_of_a_waiver_limits_it_to_that_region() -> None:
    waivers = [_waiver(region="eu-west-1")]

    def outcome(region: str) -> int:
        return len(apply(waivers, ["v"], "ec2/x", ("prod", ACCOUNT_ID), region, TODAY).waived)

    assert outcome("eu-west-1") == 1
    assert outcome("us-east-1") == 0


def test_waiver_is_in_force_through_its_expiry_day() -> None:
    last_day = _waiver(expires=TODAY)
    outcome = apply(
        [
            last_day,
            _waiver(date=TODAY - dt.timedelta(days=9), expires=TODAY - dt.timedelta(days=1)),
        ],
        ["v"],
        "ec2/x",
        ("prod", ACCOUNT_ID),
        None,
        TODAY,
    )
    assert outcome.fully_waived
    assert [w.expires for w in outcome.expired] == [TODAY - dt.timedelta(days=1)]


@pytest.mark.parametrize(
    ("violation", "covered"),
    [
        ("arn:aws:iam::1:user/dev: key is old", True),
        ("arn:aws:iam::1:user/dev2: key is old", False),
        ("arn:aws:iam::1:user/dev/ops: key is old", False),
        # Named as context, not as the offender: waiving it would hide new offenders.
        ("arn:aws:iam::1:user/mallory: holds arn:aws:iam::1:user/dev's policy", False),
        ("the role trusts arn:aws:iam::1:user/dev (outside)", False),
        ("xarn:aws:iam::1:user/dev: key is old", False),
        ("arn:aws:iam::1:user/dev (S3 bucket in eu-west-1): public", True),
        ("arn:aws:iam::1:user/dev2 (S3 bucket): public", False),
    ],
)
def test_resources_match_the_resource_each_violation_is_about(
    violation: str, covered: bool
) -> None:
    assert _waiver(resources=("arn:aws:iam::1:user/dev",)).covers(violation) is covered
