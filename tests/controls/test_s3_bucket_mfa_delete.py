"""s3/bucket-mfa-delete (CIS 3.1.2) against moto: versioning Enabled with MFA Delete Enabled,
each bucket in its own region."""

from __future__ import annotations

import pytest

from fixtures.aws.s3 import S3Bucket, fetch_versioning, parse_versioning
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedByParams
from tests.controls.s3_scenarios import arn, make_bucket, policy, s3

CONTROL = "s3/test_bucket_mfa_delete.py"
CASE = "test_bucket_mfa_delete[prod-us-east-1]"
EU_CASE = "test_bucket_mfa_delete[prod-eu-west-1]"
ROOT_MFA = f"arn:aws:iam::{ACCOUNT_ID}:mfa/root-account-mfa-device 123456"


def versioning(
    suite: Suite, name: str, status: str, mfa_delete: str | None = None, region: str = "us-east-1"
) -> None:
    configuration = {"Status": status, **({"MFADelete": mfa_delete} if mfa_delete else {})}
    extra = {"MFA": ROOT_MFA} if mfa_delete else {}
    s3(suite, region).put_bucket_versioning(
        Bucket=name, VersioningConfiguration=configuration, **extra
    )


def test_a_bucket_with_mfa_delete_passes(suite: Suite) -> None:
    make_bucket(suite, "guarded")
    versioning(suite, "guarded", "Enabled", "Enabled")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Buckets with MFA Delete enabled"] == "arn:aws:s3:::guarded"
    assert decided["Buckets without"] == "0"


def test_a_region_without_buckets_passes(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("status", "mfa_delete", "shown"),
    [
        (None, None, "versioning never enabled, MFA Delete never enabled"),
        ("Enabled", None, "versioning Enabled, MFA Delete never enabled"),
        ("Enabled", "Disabled", "versioning Enabled, MFA Delete Disabled"),
        ("Suspended", "Enabled", "versioning Suspended, MFA Delete Enabled"),
        ("Suspended", None, "versioning Suspended, MFA Delete never enabled"),
    ],
)
def test_a_bucket_without_mfa_delete_fails_with_its_states(
    suite: Suite, status: str | None, mfa_delete: str | None, shown: str
) -> None:
    make_bucket(suite, "guarded")
    versioning(suite, "guarded", "Enabled", "Enabled")
    make_bucket(suite, "loose")
    if status:
        versioning(suite, "loose", status, mfa_delete)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:s3:::loose: {shown}" in run.output
    assert "1 violation(s)" in run.output


def test_each_bucket_is_judged_in_its_own_region(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    make_bucket(suite, "us-guarded")
    versioning(suite, "us-guarded", "Enabled", "Enabled")
    make_bucket(suite, "eu-loose", region="eu-west-1")

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {CASE: "compliant", EU_CASE: "violation"}
    calls = run.evidence()[EU_CASE]["api_calls"]
    asked = [c["region"] for c in calls if c["action"] == "s3:GetBucketVersioning"]
    assert asked == ["eu-west-1"]


def test_denied_get_bucket_versioning_is_an_error(suite: Suite) -> None:
    make_bucket(suite, "guarded")
    suite.deny("s3:GetBucketVersioning")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the s3:GetBucketVersioning permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_a_bucket_whose_policy_refuses_the_auditor_is_named_as_not_assessed(suite: Suite) -> None:
    # AWS refuses a request a bucket policy denies, whatever the caller's IAM policies say.
    make_bucket(suite, "guarded")
    versioning(suite, "guarded", "Enabled", "Enabled")
    refusal = {
        "Sid": "NoAudit",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:GetBucketVersioning",
        "Resource": arn("sealed"),
    }
    make_bucket(suite, "sealed", policy=policy(refusal))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "arn:aws:s3:::sealed: s3:GetBucketVersioning was denied (AccessDenied)" in run.output
    assert "guarded" not in run.output.split("could not be assessed")[1].split("\n")[0]


def canned(answer: dict[str, object] | str) -> CannedByParams:
    found = CannedByParams().answer_when("s3", "GetBucketVersioning", {"Bucket": "b-1"}, answer)
    found.answer("s3", "ListBuckets", {"Buckets": [{"Name": "b-1"}]})
    found.answer("s3", "GetBucketLocation", {"LocationConstraint": None})
    return found


def test_a_status_outside_aws_values_is_a_missing_field() -> None:
    with pytest.raises(MissingField, match="returned Status 'On', not one of Enabled, Suspended"):
        fetch_versioning(canned({"Status": "On"}).data(), "us-east-1")


def test_an_mfa_delete_outside_aws_values_is_a_missing_field() -> None:
    bucket = S3Bucket("b-1", "us-east-1")
    with pytest.raises(MissingField, match="MFADelete 'yes', not one of Disabled, Enabled"):
        parse_versioning(bucket, {"Status": "Enabled", "MFADelete": "yes"})


def test_an_answer_without_either_field_is_a_bucket_never_versioned() -> None:
    # AWS leaves both out for a bucket never versioned: a fact (a violation), not a gap.
    (found,) = fetch_versioning(canned({}).data(), "us-east-1")

    assert (found.status, found.mfa_delete, found.mfa_delete_enabled) == (None, None, False)
