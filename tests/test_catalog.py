"""The control catalog (--list-controls, --remediation-pages) and the shipped IAM policy."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fixtures.catalog import remediation_page
from fixtures.controls import Control
from tests.conftest import REPO

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


def test_shipped_policy_allows_every_action_the_demo_makes(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    policy = json.loads((REPO / "policy" / "audit-policy.json").read_text())
    allowed = {action for statement in policy["Statement"] for action in statement["Action"]}
    xml = tmp_path / "demo.xml"

    pytester.runpytest(
        "-p",
        "no:cacheprovider",
        str(REPO / "compliance_tests"),
        f"--accounts-file={REPO / 'accounts.toml'}",
        "--account",
        "demo",
        f"--html={tmp_path / 'demo.html'}",
        f"--junitxml={xml}",
    )

    made = {
        call["action"]
        for prop in ET.parse(xml).getroot().iter("property")
        if prop.attrib["name"] == "evidence"
        for call in json.loads(prop.attrib["value"])["api_calls"]
    }
    assert made, "the demo run recorded no API calls"
    assert made <= allowed
    assert all(
        action.split(":")[1].startswith(("Get", "List", "Describe", "Generate"))
        for action in allowed
    )


def test_framework_id_markers_select_exactly_that_id(pytester: pytest.Pytester) -> None:
    result = run_catalog(pytester, "--list-controls", "-m", "cis_2_1_3 or cis_2_4")

    listed = result.stdout.str()
    assert "organizations/management-account-workloads " in listed
    assert "iam/root-access-keys " in listed
    assert "2 control(s)" in listed  # cis_2_1 would not match 2.1.3: markers match whole names


def test_every_cis_section_2_id_and_cloudsploit_iam_plugin_is_listed(
    pytester: pytest.Pytester,
) -> None:
    reference = REPO / "reference"
    with (reference / "cis-aws-foundations-v7.0.tsv").open() as cis_file:
        cis = [r["control_id"] for r in csv.DictReader(cis_file, delimiter="\t")]
    with (reference / "cloudsploit-aws-iam-plugins.tsv").open() as plugins_file:
        plugins = [r["plugin"] for r in csv.DictReader(plugins_file, delimiter="\t")]
    section_2 = [control_id for control_id in cis if control_id.startswith("2.")]

    result = run_catalog(pytester, "--list-controls")

    listed_cis: set[str] = set()
    listed_plugins: set[str] = set()
    for line in result.stdout.lines:
        columns = line.split()
        if len(columns) > 4 and "/" in columns[0]:
            listed_cis.update(columns[2].split(","))
            listed_plugins.update(columns[3].split(","))
    assert len(section_2) == 26
    assert len(plugins) == 46
    assert [c for c in section_2 if c not in listed_cis] == []
    assert [p for p in plugins if p not in listed_plugins] == []


@pytest.mark.parametrize(
    "name", ["cis-aws-foundations-v7.0.tsv", "cloudsploit-aws-iam-plugins.tsv"]
)
def test_reference_copies_match_the_shared_reference(name: str) -> None:
    shared = REPO.parent / "shared" / "reference" / name
    if not shared.exists():
        pytest.skip(f"no shared reference beside this checkout ({shared})")
    assert (REPO / "reference" / name).read_bytes() == shared.read_bytes()
