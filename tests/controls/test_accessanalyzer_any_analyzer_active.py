"""accessanalyzer/any-analyzer-active (CloudSploit accessAnalyzerEnabled) against moto."""

from __future__ import annotations

import re

import pytest

from fixtures.demo.moto.accessanalyzer import set_access_analyzers
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "accessanalyzer/test_any_analyzer_active.py"
CASE = "test_any_analyzer_active[prod-us-east-1]"


def analyzer_arn(name: str, region: str = "us-east-1") -> str:
    return f"arn:aws:access-analyzer:{region}:{ACCOUNT_ID}:analyzer/{name}"


@pytest.mark.parametrize(
    "kind", ["ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ACCOUNT_INTERNAL_ACCESS"]
)
def test_active_analyzer_of_any_type_passes(suite: Suite, kind: str) -> None:
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "one", "type": kind}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Active analyzers"] == f"one ({kind}, ACTIVE)"


def test_unused_access_analyzer_passes_though_cis_wants_external(suite: Suite) -> None:
    # One framework id, one requirement: CIS 2.18's external access analyzer is
    # accessanalyzer/analyzer-enabled, which fails this region.
    set_access_analyzers(
        ACCOUNT_ID, "us-east-1", [{"name": "unused", "type": "ACCOUNT_UNUSED_ACCESS"}]
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_region_without_analyzer_fails(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"account {ACCOUNT_ID}, us-east-1: no IAM Access Analyzer analyzer exists" in run.output


def test_only_disabled_analyzers_fail_with_status_and_reason(suite: Suite) -> None:
    set_access_analyzers(
        ACCOUNT_ID,
        "us-east-1",
        [
            {
                "name": "org",
                "type": "ORGANIZATION",
                "status": "DISABLED",
                "statusReason": {"code": "AWS_SERVICE_ACCESS_DISABLED"},
            },
            {"name": "new", "status": "CREATING"},
        ],
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"no ACTIVE analyzer; {analyzer_arn('org')} is org (ORGANIZATION, DISABLED:"
        " AWS_SERVICE_ACCESS_DISABLED)" in run.output
    )
    assert f"{analyzer_arn('new')} is new (ACCOUNT, CREATING)" in run.output


def test_each_region_needs_its_own_analyzer(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    set_access_analyzers(ACCOUNT_ID, "us-east-1", [{"name": "external"}])

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {
        CASE: "compliant",
        "test_any_analyzer_active[prod-eu-west-1]": "violation",
    }


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
