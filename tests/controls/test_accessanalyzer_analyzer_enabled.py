"""accessanalyzer/analyzer-enabled (CIS 2.18, external access) against moto's extension."""

from __future__ import annotations

import re

from fixtures.demo.moto.accessanalyzer import set_access_analyzers
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "accessanalyzer/test_analyzer_enabled.py"
CASE = "test_analyzer_enabled[prod-us-east-1]"


def analyzer_arn(name: str, region: str = "us-east-1") -> str:
    return f"arn:aws:access-analyzer:{region}:{ACCOUNT_ID}:analyzer/{name}"


def test_active_account_analyzer_passes(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "external"}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Active external access analyzers"] == analyzer_arn("external")
    assert decided["Analyzers"] == "external (ACCOUNT, ACTIVE)"


def test_active_organization_analyzer_passes(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "org", "type": "ORGANIZATION"}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_region_without_analyzer_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"account {ACCOUNT_ID}, us-east-1: no IAM Access Analyzer analyzer exists" in run.output
    assert run.evidence()[CASE]["decided_by"]["Analyzers"] == "none in us-east-1"


def test_unused_access_analyzer_does_not_count(suite: Suite) -> None:
    set_access_analyzers(
        ACCOUNT_ID, "us-east-1", [{"name": "unused", "type": "ACCOUNT_UNUSED_ACCESS"}]
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"no ACTIVE external access analyzer; {analyzer_arn('unused')} is unused"
        " (ACCOUNT_UNUSED_ACCESS, ACTIVE)" in run.output
    )


def test_disabled_analyzer_fails_with_its_status_and_reason(suite: Suite) -> None:
    set_access_analyzers(
        ACCOUNT_ID,
        "us-east-1",
        [
            {
                "name": "org",
                "type": "ORGANIZATION",
                "status": "DISABLED",
                "statusReason": {"code": "AWS_SERVICE_ACCESS_DISABLED"},
            }
        ],
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{analyzer_arn('org')} is org (ORGANIZATION, DISABLED: AWS_SERVICE_ACCESS_DISABLED)"
        in run.output
    )


def test_each_region_needs_its_own_analyzer(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "external"}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1, failed=1)
    assert run.verdicts() == {
        CASE: "compliant",
        "test_analyzer_enabled[prod-eu-west-1]": "violation",
    }
    assert f"account {ACCOUNT_ID}, eu-west-1: no IAM Access Analyzer analyzer exists" in run.output


def test_analyzer_without_status_is_an_error(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "external", "status": None}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "returned an analyzer without arn, name, type or status" in run.output


def test_denied_list_analyzers_is_an_error(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "external"}])
    suite.deny("access-analyzer:ListAnalyzers")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert re.search(r"needs the access-?analyzer:ListAnalyzers permission", run.output)
    assert run.verdicts() == {CASE: "could not assess"}
