"""Recommendations judged "in all regions" are summed up per account: which regions comply,
which do not, which could not be assessed and which were not checked."""

from __future__ import annotations

from fixtures.demo.moto.accessanalyzer import set_access_analyzers
from tests.conftest import ACCOUNT_ID, Suite

ANALYZER = "accessanalyzer/test_analyzer_enabled.py"  # CIS 2.18, in all regions
REGIONS = ["us-east-1", "eu-west-1"]
LINE = "prod: accessanalyzer/analyzer-enabled (CIS 2.18) in all regions: "
# moto enables 20 regions for every account: the 18 the accounts file does not list are
# enabled but not checked, and count against "in all regions".
OUTSIDE = "the 18 enabled region(s) not in this run"


def summary_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith(LINE)]
    assert len(lines) == 1, output
    return lines[0]


def test_each_region_is_listed_under_its_verdict(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": REGIONS}})
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "external"}])

    run = suite.run(control=ANALYZER)

    run.result.assert_outcomes(passed=1, failed=1)
    line = summary_line(run.output)
    verdicts = (
        "1 of 20 regions compliant; compliant: us-east-1; violation: eu-west-1;"
        f" not checked: {OUTSIDE}"
    )
    assert line == LINE + verdicts
    assert verdicts in run.html_path.read_text(encoding="utf-8")


def test_a_region_that_could_not_be_assessed_is_not_counted_compliant(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": REGIONS}})
    suite.deny("access-analyzer:ListAnalyzers")

    run = suite.run(control=ANALYZER)

    run.result.assert_outcomes(errors=2)
    assert summary_line(run.output) == (
        LINE + "0 of 20 regions compliant; could not assess: eu-west-1, us-east-1;"
        f" not checked: {OUTSIDE}"
    )


def test_a_listed_region_without_a_result_is_not_checked(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": REGIONS}})
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "external"}])

    run = suite.run("-k", "us-east-1", control=ANALYZER)

    run.result.assert_outcomes(passed=1)
    assert summary_line(run.output) == (
        LINE + f"1 of 20 regions compliant; compliant: us-east-1; not checked: eu-west-1, {OUTSIDE}"
    )


def test_enabled_regions_outside_the_run_are_not_checked(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": "enabled"}})
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "external"}])

    run = suite.run("-k", "us-east-1", control=ANALYZER)

    line = summary_line(run.output)
    # every enabled region is listed by the run; all but us-east-1 were deselected
    assert line.startswith(LINE + "1 of 20 regions compliant; compliant: us-east-1; not checked: ")
    assert "ap-south-1" in line
    assert "eu-west-1" in line
    assert "enabled region(s)" not in line


def test_controls_of_one_region_get_no_summary(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": REGIONS}})

    run = suite.run(control="ec2/test_instance_roles.py")

    run.result.assert_outcomes(passed=2)
    assert " in all regions: " not in run.output
