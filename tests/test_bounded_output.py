"""What a violation shows in the terminal and the visible report row is bounded; the
evidence keeps every violation whole, and waivers match the whole list."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fixtures.results.waivers import (
    MAX_LINE_CHARS,
    MAX_LINES_PER_VIOLATION,
    MAX_REASON_CHARS,
    MAX_SHOWN_VIOLATIONS,
    bounded_line,
    describe,
)
from tests.conftest import ACCOUNT_ID, Suite

COUNT = 1000
WIDE = 5000  # characters of each violation: a policy's whole action list
TODAY = dt.datetime.now(dt.UTC).date()
CASE = "test_huge[prod]"

HUGE_CONTROL = f'''
from fixtures.results.controls import Control
from fixtures.results.verdict import expect_no_violations

HUGE = Control(
    id="iam/synthetic-huge", title="Huge", category="IAM", severity="low",
    description="d", more_info="m", aws_link="https://docs.aws.amazon.com/",
    recommended_action="r", remediation_steps=("s",),
)

def violation(number):
    actions = ", ".join(f"svc:Action{{n:05}}" for n in range({WIDE} // 16))
    return f"arn:aws:iam::{ACCOUNT_ID}:role/r{{number:04}}: allows {{actions}}"

@HUGE
def test_huge(evidence):
    """{COUNT} violations of {WIDE} characters, and one of 40 lines."""
    tall = "arn:aws:iam::{ACCOUNT_ID}:role/tall: many lines" + "".join(
        f"\\n  line {{n}}" for n in range(40)
    )
    expect_no_violations([tall, *(violation(n) for n in range({COUNT}))])
'''


def _waiver(resources: list[str]) -> dict[str, object]:
    return {
        "control": "iam/synthetic-huge",
        "account": "prod",
        "resources": resources,
        "by": "Jane Doe <jane@example.com>",
        "date": (TODAY - dt.timedelta(days=1)).isoformat(),
        "expires": (TODAY + dt.timedelta(days=30)).isoformat(),
        "justification": "Synthetic.",
    }


def test_a_huge_violation_list_is_bounded_in_the_terminal_and_whole_in_the_evidence(
    suite: Suite,
) -> None:
    control = suite.pytester.makepyfile(test_huge=HUGE_CONTROL)

    run = suite.run(control=control)

    assert run.result.ret == 1
    output = run.result.stdout.str()
    assert max(len(line) for line in output.splitlines()) <= MAX_LINE_CHARS + 100
    assert len(output) < 20_000
    shown = [line for line in output.splitlines() if line.startswith("- arn:aws:iam::")]
    assert len(shown) == MAX_SHOWN_VIOLATIONS
    assert f"{COUNT + 1} violation(s):" in output
    assert f"and {COUNT + 1 - MAX_SHOWN_VIOLATIONS} more violation(s), listed in the evidence" in (
        output
    )
    assert "more characters; the whole line is in the evidence)" in output
    hidden_lines = 41 - MAX_LINES_PER_VIOLATION
    assert f"… ({hidden_lines} more lines; the whole violation is in the evidence)" in output
    record = run.evidence()[CASE]
    assert record["verdict"] == "violation"
    assert len(record["violations"]) == COUNT + 1
    assert all(len(v) > WIDE for v in record["violations"][1:])
    assert record["violations"][0].count("\n") == 40
    last = record["violations"][-1]
    assert json.dumps(last)[1:-1] in run.html_path.read_text(encoding="utf-8")
    assert len(record["reason"]) < 20_000  # the bounded text, not the whole list


def test_waivers_match_the_whole_list_not_the_lines_shown(suite: Suite) -> None:
    control = suite.pytester.makepyfile(test_huge=HUGE_CONTROL)
    roles = [f"arn:aws:iam::{ACCOUNT_ID}:role/r{n:04}" for n in range(COUNT)]
    suite.write_waivers(_waiver([f"arn:aws:iam::{ACCOUNT_ID}:role/tall", *roles]))

    run = suite.run(control=control)

    assert run.result.ret == 0, run.output[-3000:]
    record = run.evidence()[CASE]
    assert record["verdict"] == "waived"
    assert len(record["waived"]) == COUNT + 1


def test_a_violation_beyond_those_shown_still_fails_when_the_rest_are_waived(
    suite: Suite,
) -> None:
    control = suite.pytester.makepyfile(test_huge=HUGE_CONTROL)
    roles = [f"arn:aws:iam::{ACCOUNT_ID}:role/r{n:04}" for n in range(COUNT - 1)]
    suite.write_waivers(_waiver([f"arn:aws:iam::{ACCOUNT_ID}:role/tall", *roles]))

    run = suite.run(control=control)

    assert run.result.ret == 1
    assert "1 violation(s):" in run.output
    assert f"- arn:aws:iam::{ACCOUNT_ID}:role/r{COUNT - 1:04}: allows" in run.output
    assert f"({COUNT} more waived; see the evidence)" in run.output
    assert max(len(line) for line in run.output.splitlines()) <= MAX_LINE_CHARS + 100


@pytest.mark.parametrize("length", [MAX_LINE_CHARS - 1, MAX_LINE_CHARS, MAX_LINE_CHARS + 1])
def test_bounded_line_cuts_only_beyond_the_limit(length: int) -> None:
    line = "x" * length

    cut = bounded_line(line)

    if length <= MAX_LINE_CHARS:
        assert cut == line
    else:
        tail = "… (1 more characters; the whole line is in the evidence)"
        assert cut == "x" * MAX_LINE_CHARS + tail


def test_describe_shows_every_violation_up_to_the_bound() -> None:
    violations = [f"v{n}" for n in range(MAX_SHOWN_VIOLATIONS)]

    text = describe(violations)

    assert text.splitlines() == [f"{MAX_SHOWN_VIOLATIONS} violation(s):"] + [
        f"- {v}" for v in violations
    ]
    assert "more violation" not in describe([*violations[:-1]])
    assert describe([*violations, "one more"]).endswith(
        "and 1 more violation(s), listed in the evidence"
    )


def test_failed_controls_are_listed_once_unless_r_is_given(suite: Suite) -> None:
    control = suite.pytester.makepyfile(test_huge=HUGE_CONTROL)

    default = suite.run(control=control)
    asked = suite.run("-rf", control=control)

    assert "FAILED test_huge.py::test_huge[prod]" not in default.output
    default.result.stdout.fnmatch_lines(["_*test_huge[[]prod[]]*_"])
    assert "FAILED test_huge.py::test_huge[prod]" in asked.output


BROKEN_CONTROL = """
from fixtures.results.controls import Control

BROKEN = Control(
    id="iam/synthetic-broken", title="Broken", category="IAM", severity="low",
    description="d", more_info="m", aws_link="https://docs.aws.amazon.com/",
    recommended_action="r", remediation_steps=("s",),
)

@BROKEN
def test_broken(evidence):
    '''A bug in the control: no verdict on the account.'''
    facts = {}
    return facts["missing-key"]
"""


def test_a_broken_control_is_one_line_unless_a_traceback_is_asked_for(suite: Suite) -> None:
    control = suite.pytester.makepyfile(test_broken=BROKEN_CONTROL)

    default = suite.run(control=control)
    asked = suite.run("--tb=long", control=control)

    assert default.verdicts() == {"test_broken[prod]": "could not assess"}
    lines = [line for line in default.output.splitlines() if "could not be assessed" in line]
    assert len(lines) == 1
    assert "the control raised KeyError: 'missing-key'" in lines[0]
    assert "test_broken.py:" in lines[0]
    assert 'return facts["missing-key"]' not in default.output
    assert 'return facts["missing-key"]' in asked.output


UNASSESSABLE_CONTROL = """
from fixtures.results.controls import Control
from fixtures.results.errors import CannotAssess

UNASSESSABLE = Control(
    id="iam/synthetic-unassessable", title="Unassessable", category="IAM", severity="low",
    description="d", more_info="m", aws_link="https://docs.aws.amazon.com/",
    recommended_action="r", remediation_steps=("s",),
)

@UNASSESSABLE
def test_unassessable(evidence):
    '''Cannot look: a reason of LENGTH characters, ending in what to do.'''
    raise CannotAssess("x" * (LENGTH - 14) + " do this then.")
"""


@pytest.mark.parametrize("length", [MAX_REASON_CHARS - 100, 5000])
def test_a_could_not_assess_reason_is_one_line_shown_whole_unless_far_too_long(
    suite: Suite, length: int
) -> None:
    control = suite.pytester.makepyfile(
        test_unassessable=UNASSESSABLE_CONTROL.replace("LENGTH", str(length))
    )

    run = suite.run(control=control)

    record = run.evidence()["test_unassessable[prod]"]
    assert record["verdict"] == "could not assess"
    assert len(record["reason"]) == length  # the evidence keeps it whole
    lines = [line for line in run.output.splitlines() if "could not be assessed" in line]
    assert len(lines) == 1
    assert len(lines[0]) < 1000
    whole = length < MAX_REASON_CHARS
    assert lines[0].endswith(" do this then.") == whole
    assert ("more characters; the whole line is in the evidence" in lines[0]) != whole
