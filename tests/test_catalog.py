"""The control catalog (--list-controls, --remediation-pages) and the shipped IAM policy."""

from __future__ import annotations

import csv
import importlib
import re
from pathlib import Path
from typing import Any

import pytest

from fixtures.results.controls import PLACEHOLDER, Control
from fixtures.run.catalog import remediation_page
from fixtures.run.settings import Setting
from tests.conftest import CONTROLS, REPO, Suite

SEED = REPO.parent / "shared" / "seeds" / "cloudsploit-aws-iam-root-access-keys.md"


def run_catalog(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", str(REPO / "compliance_tests"), *args)


def test_list_controls_needs_no_account_and_names_the_framework_ids(
    pytester: pytest.Pytester,
) -> None:
    control_files = list((REPO / "compliance_tests").rglob("test_*.py"))

    result = run_catalog(pytester, "--list-controls")

    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "CONTROL*SEVERITY*CIS-AWS-7.0*CLOUDSPLOIT*TITLE",
            "iam/root-access-keys*high*2.4*iam/rootAccessKeys*Root Access Keys",
            f"{len(control_files)} control(s)",
        ]
    )


def test_list_controls_honours_marker_selection(pytester: pytest.Pytester) -> None:
    result = run_catalog(pytester, "--list-controls", "-m", "severity_medium and cis")

    assert result.ret == 0
    listed = result.stdout.str()
    assert "iam/password-minimum-length " in listed
    assert "iam/root-access-keys" not in listed  # high
    assert "iam/user-permissions-through-groups" not in listed  # low


def test_remediation_pages_in_docs_are_current(pytester: pytest.Pytester, tmp_path: Path) -> None:
    result = run_catalog(pytester, f"--remediation-pages={tmp_path}")

    assert result.ret == 0
    written = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*.md"))
    shipped = sorted(
        path.relative_to(REPO / "docs" / "controls")
        for path in (REPO / "docs" / "controls").rglob("*.md")
    )
    assert written == shipped, "run: pytest --remediation-pages docs/controls"
    for page in written:
        assert (tmp_path / page).read_text() == (REPO / "docs" / "controls" / page).read_text()


def test_remediation_page_has_the_seeds_sections() -> None:
    control = Control(
        id="iam/example",
        title="Example | pipe",
        category="IAM",
        severity="low",
        description="Checks an example.",
        more_info="Because.",
        aws_link="https://docs.aws.amazon.com/",
        recommended_action="Fix it.",
        remediation_steps=("First.", "Second."),
        frameworks={"cis-aws-7.0": ("2.1", "2.2")},
    )

    page = remediation_page(control)

    assert page.startswith("# AWS / IAM / Example | pipe\n\n## Quick Info\n")
    assert "| **Title** | Example \\| pipe |" in page
    assert "| **CIS AWS Foundations Benchmark v7.0** | 2.1, 2.2 |" in page
    assert page.endswith("## Detailed Remediation Steps\n1. First.\n2. Second.\n")
    if SEED.exists():  # the seed's sections, in its order
        seed = SEED.read_text()
        for section in ("## Quick Info", "## Detailed Remediation Steps"):
            assert section in seed


def test_framework_id_markers_select_exactly_that_id(pytester: pytest.Pytester) -> None:
    result = run_catalog(pytester, "--list-controls", "-m", "cis_2_1_3 or cis_2_4")

    listed = result.stdout.str()
    assert "organizations/management-account-workloads " in listed
    assert "iam/root-access-keys " in listed
    assert "2 control(s)" in listed  # cis_2_1 would not match 2.1.3: markers match whole names


def test_every_cis_id_and_cloudsploit_iam_plugin_is_listed(
    pytester: pytest.Pytester,
) -> None:
    reference = REPO / "reference"
    with (reference / "cis-aws-foundations-v7.0.tsv").open() as cis_file:
        cis = [r["control_id"] for r in csv.DictReader(cis_file, delimiter="\t")]
    with (reference / "cloudsploit-aws-iam-plugins.tsv").open() as plugins_file:
        plugins = [r["plugin"] for r in csv.DictReader(plugins_file, delimiter="\t")]

    result = run_catalog(pytester, "--list-controls")

    listed_cis: set[str] = set()
    listed_plugins: set[str] = set()
    for line in result.stdout.lines:
        columns = line.split()
        if len(columns) > 4 and "/" in columns[0]:
            listed_cis.update(columns[2].split(","))
            listed_plugins.update(columns[3].split(","))
    assert len(cis) == 70
    assert len(plugins) == 46
    assert [c for c in cis if c not in listed_cis] == []
    assert [p for p in plugins if p not in listed_plugins] == []


@pytest.mark.parametrize(
    "name", ["cis-aws-foundations-v7.0.tsv", "cloudsploit-aws-iam-plugins.tsv"]
)
def test_reference_copies_match_the_shared_reference(name: str) -> None:
    shared = REPO.parent / "shared" / "reference" / name
    if not shared.exists():
        pytest.skip(f"no shared reference beside this checkout ({shared})")
    assert (REPO / "reference" / name).read_bytes() == shared.read_bytes()


def all_controls() -> list[Control]:
    """Every Control the suite declares (importing a control module declares it, so a bad
    placeholder fails here with the control's ValueError)."""
    controls: list[Control] = []
    for path in sorted((REPO / "compliance_tests").rglob("test_*.py")):
        module = importlib.import_module(".".join(path.relative_to(REPO).with_suffix("").parts))
        controls += [value for value in vars(module).values() if isinstance(value, Control)]
    return controls


def example(**changes: Any) -> Control:
    """A small control with one setting (``max_age_days``, default 90); ``changes`` override."""
    fields: dict[str, Any] = {
        "id": "iam/example",
        "title": "Example",
        "category": "IAM",
        "severity": "low",
        "description": "Keys are at most {max_age_days} days old.",
        "more_info": "Because.",
        "aws_link": "https://docs.aws.amazon.com/",
        "recommended_action": "Rotate keys older than {max_age_days} days.",
        "remediation_steps": ("Rotate within {max_age_days} days.", 'Policy: {"Effect": "x"}'),
        "settings": {"max_age_days": Setting(90, "days")},
    }
    fields.update(changes)
    return Control(**fields)


@pytest.mark.parametrize(
    "field", ["description", "more_info", "recommended_action", "remediation_steps"]
)
def test_a_placeholder_naming_no_setting_of_the_control_is_refused(field: str) -> None:
    text = "Older than {max_age_dayz} days."

    with pytest.raises(ValueError, match=r"iam/example: .*\{max_age_dayz\}.*max_age_days"):
        example(**{field: (text,) if field == "remediation_steps" else text})


def test_every_control_declares_only_placeholders_of_its_own_settings() -> None:
    controls = all_controls()

    assert len({control.id for control in controls}) == len(
        list((REPO / "compliance_tests").rglob("test_*.py"))
    )
    for control in controls:
        for _, text in control.texts():
            assert set(PLACEHOLDER.findall(text)) <= set(control.settings), control.id


def test_placeholders_render_the_values_in_force_else_the_defaults() -> None:
    control = example()

    assert control.rendered().recommended_action == "Rotate keys older than 90 days."
    shown = control.rendered({"max_age_days": 30})
    assert shown.description == "Keys are at most 30 days old."
    assert shown.remediation_steps == ("Rotate within 30 days.", 'Policy: {"Effect": "x"}')


def test_remediation_page_states_the_defaults_and_names_the_settings() -> None:
    page = remediation_page(example())

    assert "| **Description** | Keys are at most 90 days old. |" in page
    assert "| **Recommended Action** | Rotate keys older than 90 days. |" in page
    assert "| **Settings** | `max_age_days` = 90 (defaults; change them in" in page
    assert "1. Rotate within 90 days." in page
    assert "{max_age_days}" not in page


# Numbers in control text that equal a setting's default but are not that threshold.
NOT_THE_THRESHOLD = {
    ("iam/role-last-used", "CloudSploit warns about a role unused for 90 days"): (
        "CloudSploit's own warning level, quoted for comparison"
    ),
}


# A threshold written as a word is still a threshold ("exactly two"); "one" is left out,
# it is mostly an article ("one of its access keys").
NUMBER_WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    13: "thirteen",
    14: "fourteen",
    15: "fifteen",
    16: "sixteen",
    17: "seventeen",
    18: "eighteen",
    19: "nineteen",
    20: "twenty",
}


def stated_defaults(control: Control) -> list[str]:
    """Where the control's text states an integer setting's default as a bare number.

    A number counts only as a whole token: not part of a word or id (``ec2``, ``s3``), of a
    version or framework id (``2.10``, ``v1.90``), or of a longer number (``900``); from two
    to twenty its English word counts too (``exactly two``). Only integer settings: lists
    and patterns are not stated as thresholds."""
    found = []
    for name, setting in control.settings.items():
        default = setting.default
        if isinstance(default, bool) or not isinstance(default, int):
            continue
        digits = rf"(?<![\w.]){default}(?!\w|\.\d)"
        word = NUMBER_WORDS.get(default)
        number = re.compile(digits + (rf"|\b{word}\b" if word else ""), re.IGNORECASE)
        for field, text in control.texts():
            for (quoted_by, phrase), _why in NOT_THE_THRESHOLD.items():
                if quoted_by == control.id:
                    text = text.replace(phrase, "")
            if number.search(text):
                found.append(f"{control.id} {field} states {default}, the default of {name}")
    return found


def test_control_text_states_thresholds_through_placeholders() -> None:
    stated = {control.id: stated_defaults(control) for control in all_controls()}

    assert [line for lines in stated.values() for line in lines] == []


def test_stated_defaults_finds_a_bare_threshold_and_ignores_ids() -> None:
    assert stated_defaults(example(description="Keys are at most 90 days old."))
    assert stated_defaults(example(description="Rotate within 90-day periods."))
    assert stated_defaults(
        example(description="Exactly Two.", settings={"max_age_days": Setting(2, "days")})
    )
    assert not stated_defaults(example(description="CIS 1.90 and 2.90, ec290, 900 days."))


def test_evidence_states_the_setting_in_force(suite: Suite) -> None:
    run = suite.run("--set", "ssh_key_max_age_days=30", control="iam/test_ssh_key_rotation.py")

    record = run.evidence()["test_ssh_key_rotation[prod]"]
    assert record["description"].endswith("uploaded more than 30 days ago.")
    assert "more than 30 days ago" in run.html_path.read_text(encoding="utf-8")


def test_set_min_password_length_reaches_every_text_that_states_it(suite: Suite) -> None:
    # Three controls state CIS 2.8's length: the one that judges it and two that advise it.
    suite.client("iam").update_account_password_policy(MinimumPasswordLength=16)
    others = ("iam/test_min_password_length.py", "iam/test_password_policy_exists.py")

    run = suite.run(
        "--set",
        "min_password_length=20",
        *(str(CONTROLS / other) for other in others),
        control="iam/test_password_minimum_length.py",
    )

    run.result.assert_outcomes(passed=2, failed=1)
    records = run.evidence()
    judged = records["test_password_minimum_length[prod]"]
    assert judged["recommended_action"] == (
        "Set the account password policy's minimum length to 20 or more."
    )
    assert judged["description"].endswith("passwords of at least 20 characters.")
    advised = records["test_min_password_length[prod]"]["recommended_action"]
    assert advised.startswith("Set the account password policy's minimum length to 20 or more")
    html = run.html_path.read_text(encoding="utf-8")
    assert "20 or more" in html
    assert "14 or more" not in html
    assert "14 characters" not in html
