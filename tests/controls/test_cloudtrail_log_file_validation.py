"""cloudtrail/log-file-validation (CIS 4.2) against moto, and the trail list's gaps."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.aws.cloudtrail import fetch_trail_settings
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws
from tests.controls.test_cloudtrail_trail_enabled_all_regions import trail

CONTROL = "cloudtrail/test_log_file_validation.py"
CASE = "test_log_file_validation[prod]"


def test_trail_with_validation_passes(suite: Suite) -> None:
    trail(suite, "audit", EnableLogFileValidation=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Trails with log file validation"] == "1 of 1"


def test_no_trail_passes_with_that_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Trails with log file validation"] == "0 of 0"


def test_trail_without_validation_fails_with_its_arn(suite: Suite) -> None:
    trail(suite, "audit", EnableLogFileValidation=True)
    bare = trail(suite, "other", multi_region=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{bare}: LogFileValidationEnabled false (home us-east-1)" in run.output
    assert "1 violation(s)" in run.output


def test_multi_region_trail_listed_by_two_regions_is_one_violation(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    bare = trail(suite, "audit", "eu-west-1")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{bare}: LogFileValidationEnabled false (home eu-west-1)" in run.output
    assert "1 violation(s)" in run.output


def test_denied_describe_trails_is_an_error(suite: Suite) -> None:
    suite.deny("cloudtrail:DescribeTrails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the cloudtrail:DescribeTrails permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def described(**fields: Any) -> dict[str, Any]:
    """A trail as DescribeTrails describes it, with ``fields`` replaced (None: left out)."""
    item = {
        "Name": "org",
        "TrailARN": "arn:aws:cloudtrail:us-east-1:999999999999:trail/org",
        "HomeRegion": "us-east-1",
        "IsMultiRegionTrail": True,
        "IsOrganizationTrail": True,
        "LogFileValidationEnabled": True,
        "S3BucketName": "org-logs",
    }
    item.update(fields)
    return {key: value for key, value in item.items() if value is not None}


def test_organization_trail_of_the_management_account_is_named_with_its_owner() -> None:
    canned = CannedAws().answer("cloudtrail", "DescribeTrails", {"trailList": [described()]})

    (found,) = fetch_trail_settings(canned.data(), ("us-east-1",))

    assert found.is_organization_trail
    assert found.account_id == "999999999999"
    assert found.owner_note(ACCOUNT_ID) == ", owned by account 999999999999"


@pytest.mark.parametrize(
    "field", ["TrailARN", "HomeRegion", "IsMultiRegionTrail", "LogFileValidationEnabled"]
)
def test_trail_without_a_field_aws_always_returns_is_a_missing_field(field: str) -> None:
    # Read as false, a missing LogFileValidationEnabled would be a false FAIL; read as
    # true, a false PASS.
    canned = CannedAws().answer(
        "cloudtrail", "DescribeTrails", {"trailList": [described(**{field: None})]}
    )

    with pytest.raises(MissingField, match=f"returned no {field}"):
        fetch_trail_settings(canned.data(), ("us-east-1",))


def test_answer_without_trail_list_is_a_missing_field() -> None:
    canned = CannedAws().answer("cloudtrail", "DescribeTrails", {})

    with pytest.raises(MissingField, match="DescribeTrails in us-east-1 returned no trailList"):
        fetch_trail_settings(canned.data(), ("us-east-1",))
