"""cloudtrail/kms-encryption (CIS 4.5) against moto."""

from __future__ import annotations

from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.test_cloudtrail_trail_enabled_all_regions import trail

CONTROL = "cloudtrail/test_kms_encryption.py"
CASE = "test_kms_encryption[prod]"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_trail_with_kms_key_passes(suite: Suite) -> None:
    arn = trail(suite, "audit", KmsKeyId=KEY)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Trails encrypted with a KMS key"] == f"{arn}: {KEY}"


def test_trail_without_kms_key_fails_with_its_arn(suite: Suite) -> None:
    trail(suite, "audit", KmsKeyId=KEY)
    bare = trail(suite, "other", "eu-west-1", multi_region=False)
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{bare}: no KmsKeyId, log files encrypted only with S3-managed keys (home eu-west-1)"
        in run.output
    )
    assert "1 violation(s)" in run.output


def test_single_region_trail_of_an_unchecked_region_is_not_judged(suite: Suite) -> None:
    trail(suite, "audit", KmsKeyId=KEY)
    trail(suite, "other", "eu-west-1", multi_region=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_denied_describe_trails_is_an_error(suite: Suite) -> None:
    suite.deny("cloudtrail:DescribeTrails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert run.verdicts() == {CASE: "could not assess"}
