"""kms/key-rotation (CIS 4.6) against moto, and the KMS reader's gaps."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from fixtures.aws.kms import fetch_kms_keys
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "kms/test_key_rotation.py"
CASE = "test_key_rotation[prod-us-east-1]"
RESOURCE_POLICIES = "iam/test_resource_policies_not_public.py"


def kms(suite: Suite, region: str = "us-east-1") -> Any:
    return boto3.client(
        "kms",
        endpoint_url=suite.moto_url,
        region_name=region,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def make_key(
    suite: Suite, rotate: bool, region: str = "us-east-1", **settings: Any
) -> tuple[str, str]:
    """A customer managed key (symmetric unless ``settings`` say otherwise): (id, ARN)."""
    client = kms(suite, region)
    meta = client.create_key(**settings)["KeyMetadata"]
    if rotate:
        client.enable_key_rotation(KeyId=meta["KeyId"])
    return meta["KeyId"], meta["Arn"]


def test_rotating_keys_pass(suite: Suite) -> None:
    make_key(suite, rotate=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Customer managed symmetric keys judged"] == "1"
    assert decided["Keys without rotation"] == "0"


def test_region_without_keys_passes_with_that_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["KMS keys"].startswith("0 in us-east-1")


def test_key_without_rotation_fails_with_its_arn(suite: Suite) -> None:
    make_key(suite, rotate=True)
    _, arn = make_key(suite, rotate=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn}: Enabled, origin AWS_KMS, KeyRotationEnabled false" in run.output
    assert "1 violation(s)" in run.output


def test_disabled_key_without_rotation_fails(suite: Suite) -> None:
    # It can be enabled again at any time, with the rotation it has.
    key_id, arn = make_key(suite, rotate=False)
    kms(suite).disable_key(KeyId=key_id)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn}: Disabled, origin AWS_KMS, KeyRotationEnabled false" in run.output


def test_key_pending_deletion_is_not_judged_but_named(suite: Suite) -> None:
    key_id, arn = make_key(suite, rotate=False)
    kms(suite).schedule_key_deletion(KeyId=key_id, PendingWindowInDays=7)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Customer managed symmetric keys not judged"] == (
        f"{arn} (PendingDeletion, origin AWS_KMS)"
    )
    actions = [c["action"] for c in run.evidence()[CASE]["api_calls"]]
    assert "kms:GetKeyRotationStatus" not in actions


def test_imported_key_material_is_not_judged_but_named(suite: Suite) -> None:
    # KMS cannot rotate imported key material automatically.
    _, arn = make_key(suite, rotate=False, Origin="EXTERNAL")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    not_judged = run.evidence()[CASE]["decided_by"]["Customer managed symmetric keys not judged"]
    assert f"{arn} (" in not_judged
    assert "origin EXTERNAL" in not_judged


def test_asymmetric_keys_are_not_judged(suite: Suite) -> None:
    make_key(suite, rotate=False, KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["Customer managed symmetric keys judged"] == "0"


def test_replica_without_rotation_names_its_primary(suite: Suite) -> None:
    suite.write_accounts({"prod": {"account_id": ACCOUNT_ID, "regions": ["eu-west-1"]}})
    key_id, primary = make_key(suite, rotate=False, MultiRegion=True)
    replica = kms(suite).replicate_key(KeyId=key_id, ReplicaRegion="eu-west-1")
    replica_arn = replica["ReplicaKeyMetadata"]["Arn"]

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{replica_arn}: Enabled, origin AWS_KMS, Multi-Region REPLICA, KeyRotationEnabled"
        f" false; rotation is set on its primary key {primary}"
    ) in run.output


def test_key_beyond_the_first_page_is_checked(suite: Suite) -> None:
    for _ in range(100):  # AWS pages ListKeys by 100 (moto does with fixtures/demo/moto/kms.py)
        make_key(suite, rotate=True)
    _, arn = make_key(suite, rotate=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{arn}: Enabled" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert [c["action"] for c in calls].count("kms:ListKeys") == 2


def test_key_list_is_read_once_for_this_control_and_cis_2_21(suite: Suite) -> None:
    make_key(suite, rotate=True)

    run = suite.run("-k", "key_rotation or resource_policies_not_public", control=None)

    evidence = run.evidence()
    listings = {
        (call["at"], call["request_id"])
        for name in (CASE, "test_resource_policies_not_public[prod-us-east-1]")
        for call in evidence[name]["api_calls"]
        if call["action"] == "kms:ListKeys"
    }
    assert len(listings) == 1


@pytest.mark.parametrize("action", ["kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus"])
def test_denied_read_is_an_error(suite: Suite, action: str) -> None:
    make_key(suite, rotate=True)
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output
    assert run.verdicts() == {CASE: "could not assess"}


def test_key_whose_policy_refuses_describe_key_is_an_error(suite: Suite) -> None:
    # It might be the customer managed key that does not rotate.
    make_key(suite, rotate=True)
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}],
    }
    make_key(suite, rotate=False, Policy=json.dumps(policy), BypassPolicyLockoutSafetyCheck=True)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "kms:DescribeKey was denied" in run.output


def test_key_whose_policy_refuses_get_key_policy_leaves_cis_2_21_unassessed(suite: Suite) -> None:
    # The harness honours the key policy for GetKeyPolicy as AWS does (moto alone does not):
    # a key nobody may read cannot be shown not to be public.
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*"}],
    }
    make_key(suite, rotate=False, Policy=json.dumps(policy), BypassPolicyLockoutSafetyCheck=True)

    run = suite.run(control="iam/test_resource_policies_not_public.py")

    run.result.assert_outcomes(errors=1)
    assert "kms:GetKeyPolicy was denied" in run.output


KEY_ARN = f"arn:aws:kms:us-east-1:{ACCOUNT_ID}:key/k-1"
META = {
    "KeyId": "k-1",
    "Arn": KEY_ARN,
    "KeyManager": "CUSTOMER",
    "KeySpec": "SYMMETRIC_DEFAULT",
    "KeyState": "Enabled",
    "Origin": "AWS_KMS",
    "MultiRegion": False,
}


def canned(meta: dict[str, Any], rotation: dict[str, Any]) -> CannedAws:
    return (
        CannedAws()
        .answer("kms", "ListKeys", {"Keys": [{"KeyId": "k-1", "KeyArn": KEY_ARN}]})
        .answer("kms", "DescribeKey", {"KeyMetadata": meta})
        .answer("kms", "GetKeyRotationStatus", rotation)
    )


@pytest.mark.parametrize("field", ["KeyManager", "KeySpec", "KeyState", "Origin", "MultiRegion"])
def test_key_description_without_a_deciding_field_is_a_missing_field(field: str) -> None:
    meta = {k: v for k, v in META.items() if k != field}

    with pytest.raises(MissingField, match=f"kms:DescribeKey for {KEY_ARN} returned no {field}"):
        fetch_kms_keys(canned(meta, {"KeyRotationEnabled": True}).data(), "us-east-1")


def test_multi_region_key_without_its_configuration_is_a_missing_field() -> None:
    meta = {**META, "MultiRegion": True}

    with pytest.raises(MissingField, match="returned no MultiRegionConfiguration"):
        fetch_kms_keys(canned(meta, {"KeyRotationEnabled": True}).data(), "us-east-1")


def test_rotation_status_without_its_flag_is_a_missing_field() -> None:
    with pytest.raises(MissingField, match="returned no KeyRotationEnabled"):
        fetch_kms_keys(canned(META, {"KeyId": "k-1"}).data(), "us-east-1")
