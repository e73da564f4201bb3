"""Customer managed symmetric KMS keys rotate their key material (CIS 4.6)."""

from fixtures.aws.kms import KmsKey
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

KEY_ROTATION = Control(
    id="kms/key-rotation",
    title="KMS Customer Key Rotation Enabled",
    category="KMS",
    severity="medium",
    description=(
        "Ensures automatic key rotation is enabled for every customer managed symmetric"
        " encryption KMS key whose key material KMS generated."
    ),
    more_info=(
        "With automatic rotation, KMS creates new key material for the key every year (or"
        " the period set) and keeps the old material to decrypt what it protected, so a"
        " leaked or broken version of the material exposes less data. Judged: customer"
        " managed keys (KeyManager CUSTOMER) of spec SYMMETRIC_DEFAULT and origin AWS_KMS,"
        " Enabled or Disabled (a disabled key can be enabled again with its setting) or"
        " Updating. Not judged: AWS managed keys (AWS rotates them) and asymmetric and HMAC"
        " keys; customer managed symmetric keys with imported material or in a custom key"
        " store (KMS cannot rotate them automatically: rotate them on demand or by hand)"
        " and keys pending deletion are named in the evidence. A Multi-Region replica"
        " shares its primary key's rotation, which is set on the primary: a replica"
        " without rotation names its primary. Each region is checked on its own."
    ),
    aws_link="https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    recommended_action="Enable automatic key rotation for each key named.",
    remediation_steps=(
        "The evidence names each key without rotation by ARN (a replica also names its"
        " primary key, where rotation is set).",
        "Open the KMS console in the key's region (the primary's, for a replica), choose"
        " Customer managed keys, the key, the Key rotation tab, and select Automatically"
        " rotate this KMS key; or run aws kms enable-key-rotation --key-id KEY_ID.",
        "A disabled key must be enabled first (aws kms enable-key); disable it again after"
        " turning rotation on if it should stay unused.",
        "Run this control again for the region.",
    ),
    frameworks={"cis-aws-7.0": ("4.6",), "cloudsploit": ("kms/kmsKeyRotation",)},
    scope="region",
)


@KEY_ROTATION
def test_key_rotation(kms_keys: list[KmsKey], evidence: Evidence) -> None:
    """Every judged key has KeyRotationEnabled true."""
    judged = [key for key in kms_keys if key.judged]
    not_judged = [
        f"{key.arn} ({key.describe()})"
        for key in kms_keys
        if key.customer_symmetric and not key.judged
    ]
    violations = []
    for key in judged:
        if key.rotation_enabled:
            continue
        primary = (
            f"; rotation is set on its primary key {key.primary_arn}"
            if key.multi_region_type == "REPLICA"
            else ""
        )
        violations.append(f"{key.arn}: {key.describe()}, KeyRotationEnabled false{primary}")
    evidence.record("Customer managed symmetric keys judged", len(judged))
    evidence.record("Customer managed symmetric keys not judged", "; ".join(not_judged) or "none")
    evidence.record("Keys without rotation", len(violations))
    expect_no_violations(violations)
