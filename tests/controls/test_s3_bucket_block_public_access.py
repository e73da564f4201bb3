"""s3/bucket-block-public-access (CIS 3.1.4) against moto: the account's four settings, or
else each bucket's, setting by setting."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fixtures.aws.s3 import BLOCK_FLAGS, fetch_public_access_blocks
from fixtures.results.errors import AccessDenied, MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedByParams
from tests.controls.s3_scenarios import make_bucket, s3

CONTROL = "s3/test_bucket_block_public_access.py"
CASE = "test_bucket_block_public_access[prod-us-east-1]"
EU_CASE = "test_bucket_block_public_access[prod-eu-west-1]"
ACCOUNT_SETTINGS = "Account's Block Public Access (s3:GetAccountPublicAccessBlock)"


def flags(*on: str) -> dict[str, bool]:
    return {name: name in on for name in BLOCK_FLAGS}


def account_block(suite: Suite, *on: str) -> None:
    control = boto3.client(
        "s3control",
        endpoint_url=suite.moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    control.put_public_access_block(AccountId=ACCOUNT_ID, PublicAccessBlockConfiguration=flags(*on))


def bucket_block(suite: Suite, name: str, *on: str, region: str = "us-east-1") -> None:
    s3(suite, region).put_public_access_block(
        Bucket=name, PublicAccessBlockConfiguration=flags(*on)
    )


def test_the_accounts_four_settings_pass_every_bucket_without_reading_theirs(suite: Suite) -> None:
    account_block(suite, *BLOCK_FLAGS)
    make_bucket(suite, "open-bucket")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided[ACCOUNT_SETTINGS] == (
        "BlockPublicAcls=true, IgnorePublicAcls=true, BlockPublicPolicy=true,"
        " RestrictPublicBuckets=true"
    )
    assert decided["Decided by"].startswith("the account's four settings, all true")
    actions = {c["action"] for c in run.evidence()[CASE]["api_calls"]}
    assert "s3:GetBucketPublicAccessBlock" not in actions


def test_each_bucket_with_its_own_four_settings_passes(suite: Suite) -> None:
    make_bucket(suite, "sealed")
    bucket_block(suite, "sealed", *BLOCK_FLAGS)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided[ACCOUNT_SETTINGS] == "not configured (every setting off)"


def test_settings_split_between_account_and_bucket_pass(suite: Suite) -> None:
    # S3 applies, setting by setting, whichever of the two is on.
    account_block(suite, "BlockPublicAcls", "IgnorePublicAcls")
    make_bucket(suite, "shared")
    bucket_block(suite, "shared", "BlockPublicPolicy", "RestrictPublicBuckets")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_a_bucket_without_any_setting_fails_naming_all_four(suite: Suite) -> None:
    make_bucket(suite, "bare")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        "arn:aws:s3:::bare: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,"
        " RestrictPublicBuckets off on both the account and the bucket (the bucket has no"
        " setting)" in run.output
    )


@pytest.mark.parametrize("missing", BLOCK_FLAGS)
def test_one_setting_off_at_both_levels_fails_naming_it(suite: Suite, missing: str) -> None:
    others = [name for name in BLOCK_FLAGS if name != missing]
    account_block(suite, *others[:1])
    make_bucket(suite, "almost")
    bucket_block(suite, "almost", *others)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:s3:::almost: {missing} off on both the account and the bucket\n" in (
        run.output
    )
    decided = run.evidence()[CASE]["decided_by"]
    assert missing in decided["Account's settings off"]


def test_each_bucket_is_judged_in_its_own_region(suite: Suite) -> None:
    suite.write_accounts(
        {"prod": {"account_id": ACCOUNT_ID, "regions": ["us-east-1", "eu-west-1"]}}
    )
    make_bucket(suite, "us-sealed")
    bucket_block(suite, "us-sealed", *BLOCK_FLAGS)
    make_bucket(suite, "eu-bare", region="eu-west-1")

    run = suite.run(control=CONTROL)

    assert run.verdicts() == {CASE: "compliant", EU_CASE: "violation"}
    calls = run.evidence()[EU_CASE]["api_calls"]
    asked = [c["region"] for c in calls if c["action"] == "s3:GetBucketPublicAccessBlock"]
    assert asked == ["eu-west-1"]
    account = [c["region"] for c in calls if c["action"] == "s3:GetAccountPublicAccessBlock"]
    assert account == ["us-east-1"]  # the account's setting, asked once, of the home region


def test_a_denied_bucket_setting_is_an_error() -> None:
    # moto does not enforce IAM on s3:GetBucketPublicAccessBlock: AWS's refusal is canned.
    found = canned({"PublicAccessBlockConfiguration": flags()}, {})
    found.answer_when("s3", "GetPublicAccessBlock", {"Bucket": "b-1"}, "AccessDenied")

    with pytest.raises(AccessDenied, match="arn:aws:s3:::b-1: s3:GetBucketPublicAccessBlock was"):
        fetch_public_access_blocks(found.data(), "us-east-1")


def test_a_denied_account_setting_is_an_error() -> None:
    # moto does not enforce IAM on S3 Control: AWS's refusal is canned. A bucket with a
    # setting off may be covered by the account's: the refusal matters.
    found = canned({}, {"PublicAccessBlockConfiguration": flags("BlockPublicAcls")})
    found.answer_when("s3control", "GetPublicAccessBlock", {}, "AccessDenied")

    with pytest.raises(AccessDenied, match="needs the s3:GetAccountPublicAccessBlock permission"):
        fetch_public_access_blocks(found.data(), "us-east-1")


def canned(account: Any, bucket: Any) -> CannedByParams:
    found = CannedByParams()
    found.answer("s3", "ListBuckets", {"Buckets": [{"Name": "b-1"}]})
    found.answer("s3", "GetBucketLocation", {"LocationConstraint": None})
    found.answer("s3control", "GetPublicAccessBlock", account)
    found.answer("s3", "GetPublicAccessBlock", bucket)
    return found


def test_a_setting_missing_from_the_answer_is_a_missing_field() -> None:
    # Read as off, it could fail a bucket that is protected; read as on, pass one that is not.
    partial = {"PublicAccessBlockConfiguration": {"BlockPublicAcls": True}}
    with pytest.raises(MissingField, match="returned no IgnorePublicAcls"):
        fetch_public_access_blocks(canned(partial, {}).data(), "us-east-1")


def test_a_bucket_answer_without_its_configuration_is_a_missing_field() -> None:
    account = {"PublicAccessBlockConfiguration": flags()}
    with pytest.raises(MissingField, match="arn:aws:s3:::b-1: s3:GetBucketPublicAccessBlock"):
        fetch_public_access_blocks(canned(account, {}).data(), "us-east-1")


def test_a_setting_that_is_not_a_boolean_is_a_missing_field() -> None:
    account = {"PublicAccessBlockConfiguration": {**flags(*BLOCK_FLAGS), "BlockPublicAcls": "true"}}
    with pytest.raises(MissingField, match="BlockPublicAcls as str, not bool"):
        fetch_public_access_blocks(canned(account, {}).data(), "us-east-1")


def test_an_unreadable_account_setting_does_not_matter_when_every_bucket_blocks() -> None:
    found = canned({}, {"PublicAccessBlockConfiguration": flags(*BLOCK_FLAGS)})
    found.answer_when("s3control", "GetPublicAccessBlock", {}, "AccessDenied")

    blocks = fetch_public_access_blocks(found.data(), "us-east-1")

    assert blocks.account is None
    assert "s3:GetAccountPublicAccessBlock was denied" in blocks.account_unread
    assert blocks.buckets is not None
    assert [own.off for _, own in blocks.buckets] == [()]
