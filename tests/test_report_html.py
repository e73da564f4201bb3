"""The report's server-rendered parts (fixtures/report_html), from small run records."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from fixtures.report_html import STYLESHEET, render_bottom, render_top
from fixtures.report_html.results import anchor_of, render_results
from fixtures.report_html.scope import render_scope
from fixtures.report_html.summary import render_summary, summarize
from fixtures.report_html.words import VERDICTS, in_order, slug, utc_text

HOSTILE = '<script>alert("x")</script>'


def result(**changes: Any) -> dict[str, Any]:
    """One result of the run record schema, compliant unless ``changes`` say otherwise."""
    base: dict[str, Any] = {
        "part": 0,
        "nodeid": "compliance_tests/iam/test_root_mfa.py::test_root_mfa[prod]",
        "control": "iam/root-mfa",
        "title": "Root MFA",
        "category": "IAM",
        "description": "Ensures the root user has MFA.",
        "severity": "critical",
        "frameworks": {"cis-aws-7.0": ["2.4"], "cloudsploit": ["iam/rootMfaEnabled"]},
        "account": "prod",
        "account_id": "111111111111",
        "region": "global (via us-east-1)",
        "in_all_regions": False,
        "checked_as": "arn:aws:sts::111111111111:assumed-role/audit/s",
        "checked_at": "2026-11-30T18:25:15+00:00",
        "verdict": "compliant",
        "reason": "",
        "violations": [],
        "api_calls": [
            {
                "action": "iam:GetAccountSummary",
                "region": "us-east-1",
                "at": "2026-11-30T18:25:14+00:00",
                "outcome": "ok",
                "request_id": "req-0001",
            }
        ],
        "decided_by": {"AccountMFAEnabled": "1"},
        "waived": [],
        "idle_waivers": [],
        "recommended_action": "Enable MFA for the root user.",
        "remediation_steps": ["Sign in as root.", "Assign an MFA device."],
        "more_info": "The root user can do anything.",
        "aws_link": "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html",
        "settings_in_force": {},
    }
    base.update(changes)
    return base


def part(**changes: Any) -> dict[str, Any]:
    """One part (run) of the run record schema with one account, ``prod``."""
    base: dict[str, Any] = {
        "run_id": "run-1",
        "started_at": "2026-11-30T18:25:00+00:00",
        "finished_at": "2026-11-30T18:26:00+00:00",
        "arguments": ["--account", "prod", "-k", "root"],
        "accounts": [
            {
                "name": "prod",
                "account_id": "111111111111",
                "checked_as": "arn:aws:sts::111111111111:assumed-role/audit/s",
                "regions": ["us-east-1"],
                "unchecked_regions": ["eu-west-3"],
                "disabled_regions": ["me-south-1"],
            }
        ],
        "selection": {
            "controls_available": 111,
            "controls_selected": ["iam/root-mfa"],
            "results_deselected": 48,
            "markexpr": "",
            "keyword": "root",
            "frameworks": {"cis-aws-7.0": ["2.4"]},
        },
        "settings_changed": [
            {"name": "max_key_age_days", "value": "45", "default": "90", "source": "settings.toml"}
        ],
        "files": [
            {"role": "waivers", "path": "/w/waivers.toml", "sha256": "a" * 64, "entries": 2},
            {"role": "attestations", "path": "/w/att.toml", "sha256": None, "entries": 0},
        ],
        "warnings": ["prod: 1 enabled region(s) not in this run: eu-west-3"],
        "gates": {"fail_on_severity": "high", "baseline": None},
        "exit_status": 1,
    }
    base.update(changes)
    return base


def record(*results: dict[str, Any], parts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "schema": "aws-compliance-suite/run-record",
        "schema_version": 1,
        "suite": {
            "name": "aws-compliance-suite",
            "version": "0.1.0",
            "controls_commit": "f" * 40,
            "controls_modified": True,
        },
        "parts": parts if parts is not None else [part()],
        "results": list(results),
    }


def text_of(html: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities decoded, space folded)."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.chunks: list[str] = []

        def handle_data(self, data: str) -> None:
            self.chunks.append(data)

    parser = Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.chunks))


class Tags(HTMLParser):
    """Every start tag's name and attributes, to find elements by id and class."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_scope_states_accounts_regions_selection_settings_files_gates_and_warnings() -> None:
    text = text_of(render_scope(record(result())))

    assert "aws-compliance-suite 0.1.0" in text
    assert "git commit " + "f" * 40 + " modified" in text
    assert "2026-11-30 18:25:00 UTC" in text
    assert "2026-11-30 18:26:00 UTC" in text
    assert "pytest --account prod -k root" in text
    assert "prod 111111111111 arn:aws:sts::111111111111:assumed-role/audit/s" in text
    assert "us-east-1 eu-west-3 me-south-1" in text  # checked, enabled unchecked, disabled
    assert "1 of 111 controls selected." in text
    assert (
        "48 result(s) (control \u00d7 account \u00d7 region) deselected by -k root ." in text
    )  # "-k root" stands in <code>, hence the space before the full stop
    assert "CIS AWS Foundations Benchmark v7.0: 1 id(s): 2.4" in text
    assert "max_key_age_days 45 90 settings.toml" in text
    assert "waivers /w/waivers.toml 2 " + "a" * 64 in text
    assert "attestations /w/att.toml 0 none (no file)" in text
    assert "violations of severity high or higher fail the run" in text
    assert "no baseline" in text
    assert "prod: 1 enabled region(s) not in this run: eu-west-3" in text


def test_scope_of_a_run_without_deselection_settings_or_warnings_says_none() -> None:
    plain = part(
        settings_changed=[],
        warnings=[],
        gates={"fail_on_severity": None, "baseline": "/b/prev.json"},
        selection={**part()["selection"], "results_deselected": 0, "keyword": ""},
    )
    text = text_of(render_scope(record(parts=[plain])))

    assert "No result deselected" in text
    assert "None: every control setting is at its default." in text
    assert "Warnings None." in text
    assert "every violation fails the run" in text
    assert "only violations not in /b/prev.json fail the run" in text


def test_scope_of_a_merged_record_shows_each_part() -> None:
    second = part(run_id="run-2", arguments=["--account", "dev"], warnings=["dev: slow"])
    second["accounts"] = [{**second["accounts"][0], "name": "dev", "account_id": "222222222222"}]
    text = text_of(render_scope(record(parts=[part(), second])))

    assert "merges 2 runs" in text
    assert "Part 1 of 2 (run run-1)" in text
    assert "Part 2 of 2 (run run-2)" in text
    assert "dev 222222222222" in text
    assert "dev: slow" in text


def test_every_value_from_the_record_is_escaped() -> None:
    hostile = result(
        verdict="violation",
        title=HOSTILE,
        violations=[HOSTILE, "arn:aws:s3:::b & <b>"],
        reason=HOSTILE,
        decided_by={HOSTILE: HOSTILE},
        api_calls=[{**result()["api_calls"][0], "request_id": HOSTILE}],
        remediation_steps=[HOSTILE],
        more_info=HOSTILE,
        aws_link='javascript:alert("x")',
        settings_in_force={"x": HOSTILE},
        waived=[
            {
                "violation": HOSTILE,
                "by": HOSTILE,
                "date": "2026-11-01",
                "expires": "2027-01-01",
                "justification": HOSTILE,
            }
        ],
    )
    bad_part = part(warnings=[HOSTILE], arguments=[HOSTILE])
    bad_part["files"][0]["path"] = HOSTILE
    bad_part["settings_changed"][0]["value"] = HOSTILE
    page = render_top(record(hostile, parts=[bad_part])) + render_bottom(
        record(hostile, parts=[bad_part])
    )

    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "arn:aws:s3:::b &amp; &lt;b&gt;" in page
    # a link only for web addresses: a javascript: URL is shown as text
    assert not [a for tag, a in tags(page) if tag == "a" and "javascript" in str(a.get("href"))]
    assert HOSTILE in text_of(page)  # and the reader still sees the value, whole


def test_hostile_account_and_region_names_make_safe_anchors() -> None:
    odd = result(account='p"><img src=x>', region="eu west/1")

    anchor = anchor_of(odd)

    assert re.fullmatch(r"[A-Za-z0-9_.-]+", anchor)
    assert anchor_of(odd) == anchor  # the same result, the same anchor
    assert anchor_of({**odd, "part": 1}) == anchor + "--part2"


def test_a_record_without_results_says_so() -> None:
    empty = record(parts=[part(accounts=[])])

    assert "The record holds no account and no result." in text_of(render_summary(empty))
    assert "The record holds no result." in text_of(render_results(empty))
    assert "Every result (0)" in text_of(render_results(empty))


def test_the_list_has_every_result_with_its_evidence_and_remediation() -> None:
    results = [
        result(
            verdict="violation",
            violations=["arn:aws:iam::111111111111:root: no MFA"],
            reason="1 violation(s):\n- arn:aws:iam::111111111111:root: no MFA",
            settings_in_force={"max_key_age_days": "45"},
        ),
        result(region="eu-west-1", verdict="could not assess", reason="AccessDenied on x"),
        result(
            region="us-east-2",
            verdict="waived",
            reason="waived: arn:x (by Jane, until 2027-01-01)",
            waived=[
                {
                    "violation": "arn:x",
                    "by": "Jane",
                    "date": "2026-11-01",
                    "expires": "2027-01-01",
                    "justification": "break-glass",
                }
            ],
        ),
    ]
    html = render_results(record(*results))
    text = text_of(html)

    items = [a for tag, a in tags(html) if tag == "li" and "result" in str(a.get("class"))]
    assert [a["id"] for a in items] == [anchor_of(r) for r in results]
    assert "violation iam/root-mfa Root MFA prod (111111111111) global (via us-east-1)" in text
    assert "critical CIS 2.4; CloudSploit iam/rootMfaEnabled" in text
    assert "arn:aws:iam::111111111111:root: no MFA" in text
    assert text.count("root: no MFA") == 1  # the violation is listed once, not again as reason
    assert "AccessDenied on x" in text
    assert "waived: waived" not in text
    assert "arn:x (by Jane, until 2027-01-01)" in text
    assert "break-glass" in text
    assert "iam:GetAccountSummary us-east-1 ok req-0001" in text
    assert "2026-11-30 18:25:14 UTC" in text
    assert "Enable MFA for the root user." in text
    assert "Assign an MFA device." in text
    assert "Thresholds in force in this run max_key_age_days 45" in text
    assert "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html" in text
    # a filter in the suite's words for each verdict present, which works without script
    boxes = [a["id"] for tag, a in tags(html) if tag == "input" and a.get("class") == "show"]
    assert boxes == ["show-violation", "show-could-not-assess", "show-waived"]
    assert "violation (1)" in text
    assert "could not assess (1)" in text


def test_results_listed_twice_keep_unique_anchors() -> None:
    html = render_results(record(result(), result()))

    ids = [a["id"] for tag, a in tags(html) if tag == "li" and a.get("id")]
    assert len(set(ids)) == 2


def test_summary_counts_by_section_category_and_severity_per_account() -> None:
    results = [
        result(verdict="violation"),
        result(
            control="s3/deny-http",
            category="S3",
            severity="medium",
            frameworks={"cis-aws-7.0": ["3.1.1"]},
        ),
        result(
            control="ec2/flow-logs",
            category="EC2",
            severity="low",
            frameworks={"cloudsploit": ["ec2/flowLogsEnabled"]},
            verdict="could not assess",
        ),
        result(account="dev", account_id="222222222222", verdict="skipped"),
    ]
    summaries = summarize(record(*results))

    assert [(s.name, dict(s.verdicts)) for s in summaries] == [
        ("prod", {"violation": 1, "compliant": 1, "could not assess": 1}),
        ("dev", {"skipped": 1}),
    ]
    cis, cloudsploit, severity = summaries[0].groups
    assert {row: dict(c) for row, c in cis.rows.items()} == {
        "2 Identity and Access Management": {"violation": 1},
        "3 Storage": {"compliant": 1},
        "not mapped to CIS AWS Foundations Benchmark v7.0": {"could not assess": 1},
    }
    assert {row: dict(c) for row, c in cloudsploit.rows.items()} == {
        "EC2": {"could not assess": 1},
        "IAM": {"violation": 1},
        "not mapped to CloudSploit": {"compliant": 1},
    }
    assert list(severity.rows) == ["critical", "medium", "low"]
    text = text_of(render_summary(record(*results)))
    assert "all accounts 1 1 1 1 4" in text  # compliant, violation, could not assess, skipped
    assert "dev (222222222222)" in text


def test_the_chart_reads_without_colour() -> None:
    html = render_summary(record(result(verdict="violation"), result(region="eu-west-1")))

    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    assert "<script" not in svg
    assert "href" not in svg
    text = text_of(svg)
    # a legend, each bar's label, its counts in words, and a <title> on each segment
    assert "compliant violation" in text
    assert "2 Identity and Access Management" in text
    assert "1 compliant, 1 violation (of 2)" in text
    assert "2 Identity and Access Management: 1 violation" in text


def test_verdict_words_and_times() -> None:
    assert in_order(["skipped", "violation", "odd", "compliant"]) == [
        "compliant",
        "violation",
        "skipped",
        "odd",
    ]
    assert [slug(v) for v in VERDICTS][3:5] == ["waived", "awaiting-attestation-required"]
    assert utc_text("2026-11-30T18:25:15+00:00") == "2026-11-30 18:25:15 UTC"
    assert utc_text("2026-11-30T20:25:15+02:00") == "2026-11-30 18:25:15 UTC"
    assert utc_text("not a time") == "not a time"
    assert utc_text("2026-11-30T18:25:15") == "2026-11-30T18:25:15 (no zone given)"


@pytest.mark.parametrize("verdict", VERDICTS)
def test_the_stylesheet_filters_and_colours_every_verdict(verdict: str) -> None:
    css = STYLESHEET.read_text(encoding="utf-8")

    assert f"#show-{slug(verdict)}:not(:checked) ~ ol .result.v-{slug(verdict)}" in css
    assert f".verdict.v-{slug(verdict)}" in css


def test_printing_opens_every_result_and_hides_the_script_parts() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]

    assert ".aws-results .result > .detail { display: block !important; }" in print_rules
    assert "#results-table" in print_rules


def test_the_page_parts_render_the_sample_shapes_of_a_merge() -> None:
    first = result()
    second = copy.deepcopy(result(part=1, account="dev", account_id="222222222222"))
    two = part(run_id="run-2")
    page = render_top(record(first, second, parts=[part(), two])) + render_bottom(
        record(first, second, parts=[part(), two])
    )

    assert "<noscript><style>" in page
    assert anchor_of(second).endswith("--part2")
    assert f'id="{anchor_of(second)}"' in page


def test_the_summary_repeats_the_terminal_lines_that_are_not_warnings_already() -> None:
    warned = "prod: 1 enabled region(s) not in this run: eu-west-3"
    lines = ["prod (111111111111) verdicts: 1 compliant", warned]

    html = render_summary(record(result()), lines)

    assert "<p>prod (111111111111) verdicts: 1 compliant</p>" in html
    assert warned not in html  # the scope's warnings list it


def test_the_tables_result_cell_shows_the_verdict_and_keeps_the_outcome_for_its_script() -> None:
    from fixtures.results.report import _verdict_cell

    cell = _verdict_cell('<td class="col-result">Failed</td>', "could not assess")

    # what pytest-html's BaseReport._hydrate_data reads for its script: the first cell
    assert re.search(r"col-(\w+)", cell)[1] == "result"  # type: ignore[index]
    assert re.search(r"<td.*?>(.*?)</td>", cell)[1] == "Failed"  # type: ignore[index]
    # what the browser shows: the comment is not rendered
    assert text_of(cell).strip() == "could not assess"
    assert 'class="col-result v-could-not-assess"' in cell


def test_a_controls_steps_are_written_once_and_its_other_results_link_to_them() -> None:
    first, second = result(region="us-east-1"), result(region="eu-west-1", verdict="violation")
    other_threshold = result(region="eu-west-2", settings_in_force={"max_key_age_days": "30"})

    html = render_results(record(first, second, other_threshold))

    assert html.count("Assign an MFA device.") == 2  # the third's thresholds differ
    assert html.count("Enable MFA for the root user.") == 3  # every result's action
    assert f'the same as for <a href="#{anchor_of(first)}">' in html
    assert "iam/root-mfa for prod in us-east-1</a>, above" in html
