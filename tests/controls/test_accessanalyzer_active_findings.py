"""accessanalyzer/active-findings (CloudSploit) against moto's Access Analyzer extension."""

from __future__ import annotations

import re

from fixtures.demo.moto.accessanalyzer import set_access_analyzer_findings, set_access_analyzers
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "accessanalyzer/test_active_findings.py"
CASE = "test_active_findings[prod-us-east-1]"
REGION = "us-east-1"


def analyzer_arn(name: str, region: str = REGION) -> str:
    return f"arn:aws:access-analyzer:{region}:{ACCOUNT_ID}:analyzer/{name}"


def test_active_analyzer_without_findings_passes(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "external"}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Active findings"] == "0"
    assert decided["Analyzers searched"] == analyzer_arn("external")


def test_archived_and_resolved_findings_pass(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "external"}])
    set_access_analyzer_findings(
        ACCOUNT_ID, REGION, "external", [{"status": "ARCHIVED"}, {"status": "RESOLVED"}]
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_active_finding_fails_naming_resource_and_analyzer(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "external"}])
    set_access_analyzer_findings(
        ACCOUNT_ID,
        REGION,
        "external",
        [
            {"status": "ARCHIVED"},
            {
                "id": "f-public-bucket",
                "resource": "arn:aws:s3:::public-reports",
                "resourceType": "AWS::S3::Bucket",
            },
        ],
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        "arn:aws:s3:::public-reports: active ExternalAccess f-public-bucket (AWS::S3::Bucket)"
        f" reported by {analyzer_arn('external')}" in run.output
    )
    assert "1 violation(s)" in run.output


def test_finding_beyond_the_first_page_is_reported(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "external"}])
    set_access_analyzer_findings(ACCOUNT_ID, REGION, "external", [{}] * 101)  # pages of 100

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "101 violation(s)" in run.output
    assert "arn:aws:s3:::bucket-101: active ExternalAccess" in "\n".join(
        run.evidence()[CASE]["violations"]
    )
    calls = [call["action"] for call in run.evidence()[CASE]["api_calls"]]
    # ListFindingsV2 pages, recorded under the IAM action AWS authorises them as.
    assert calls.count("access-analyzer:ListFindings") == 2


def test_findings_of_every_active_analyzer_count(suite: Suite) -> None:
    set_access_analyzers(
        ACCOUNT_ID,
        REGION,
        [
            {"name": "external"},
            {"name": "unused", "type": "ACCOUNT_UNUSED_ACCESS"},
            {"name": "old", "status": "DISABLED"},
        ],
    )
    role = f"arn:aws:iam::{ACCOUNT_ID}:role/forgotten"
    set_access_analyzer_findings(
        ACCOUNT_ID,
        REGION,
        "unused",
        [{"resource": role, "resourceType": "AWS::IAM::Role", "findingType": "UnusedIAMRole"}],
    )
    set_access_analyzer_findings(ACCOUNT_ID, REGION, "old", [{}])  # a disabled one is not read

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{role}: active UnusedIAMRole" in run.output
    assert f"reported by {analyzer_arn('unused')}" in run.output
    assert "1 violation(s)" in run.output


def test_region_without_analyzer_cannot_be_assessed(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "us-east-1 has no ACTIVE external access analyzer" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_only_unused_access_analyzer_cannot_be_assessed(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "unused", "type": "ACCOUNT_UNUSED_ACCESS"}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "us-east-1 has no ACTIVE external access analyzer" in run.output


def test_each_region_is_judged_on_its_own(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": [REGION, "eu-west-1"]}})
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "external"}])
    set_access_analyzers(ACCOUNT_ID, "eu-west-1", [{"name": "external"}])
    set_access_analyzer_findings(ACCOUNT_ID, "eu-west-1", "external", [{}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1, failed=1)
    assert run.verdicts()["test_active_findings[prod-eu-west-1]"] == "violation"
    assert f"reported by {analyzer_arn('external', 'eu-west-1')}" in run.output


def test_denied_list_findings_is_an_error(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "external"}])
    set_access_analyzer_findings(ACCOUNT_ID, REGION, "external", [{}])
    # AWS authorises ListFindingsV2 as access-analyzer:ListFindings: denying that action
    # is what stops the read, and the error names the permission to grant.
    suite.deny("access-analyzer:ListFindings")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert re.search(r"needs the access-?analyzer:ListFindings permission", run.output)
    assert "ListFindingsV2 permission" not in run.output


def test_denied_list_analyzers_is_an_error(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "external"}])
    suite.deny("access-analyzer:ListAnalyzers")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert re.search(r"needs the access-?analyzer:ListAnalyzers permission", run.output)


def test_finding_without_resource_type_is_an_error(suite: Suite) -> None:
    set_access_analyzers(ACCOUNT_ID, REGION, [{"name": "external"}])
    set_access_analyzer_findings(ACCOUNT_ID, REGION, "external", [{"resourceType": None}])

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "without id, status or resourceType" in run.output
