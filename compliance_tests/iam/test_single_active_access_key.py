"""No IAM user may have two active access keys."""

from fixtures.aws.iam_credentials import UserCredentials, show
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations

SINGLE_ACTIVE_ACCESS_KEY = Control(
    id="iam/single-active-access-key",
    title="One Active Access Key Per User",
    category="IAM",
    severity="medium",
    description="Ensures no IAM user has both of its access keys active at the same time.",
    more_info=(
        "IAM allows two access keys per user so that a key can be replaced without downtime:"
        " create the new one, move the workload, delete the old one. Two keys left active"
        " past that window usually mean a rotation was never finished or a key was handed to"
        " a second workload, which doubles the secrets to protect and hides which workload"
        " uses which key. The root user is covered by iam/root-access-keys."
        " Each user's console password (iam:GetLoginProfile), access keys"
        " (iam:ListAccessKeys) and MFA devices (iam:ListMFADevices) are read live, once per"
        " run, not taken from the credential report, which AWS reuses for up to four hours:"
        " about 3,000 requests for 1,000 users (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    recommended_action=(
        "For each user named, find the key still in use, then deactivate and delete the other."
    ),
    remediation_steps=(
        "Open the IAM console, choose Users, the user named in the evidence, then the"
        " Security credentials tab.",
        "Under Access keys, compare each key's Last used date and service; with the CLI: aws"
        " iam get-access-key-last-used --access-key-id KEY_ID.",
        "Choose Actions, then Deactivate on the key that is not (or no longer) in use.",
        "Watch the workload for failures for a while, then choose Actions, then Delete.",
        "If both keys serve different workloads, give the second workload its own IAM role"
        " (or user) instead.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/accessKeysExtra",)},
)


@SINGLE_ACTIVE_ACCESS_KEY
def test_single_active_access_key(
    iam_user_credentials: tuple[UserCredentials, ...], evidence: Evidence
) -> None:
    """No IAM user has more than one active access key (iam:ListAccessKeys, live)."""
    violations = []
    for user in iam_user_credentials:
        active = user.active_keys
        if len(active) > 1:
            violations.append(
                f"{user.arn}: {len(active)} access keys are active: "
                + "; ".join(f"{key.id} created {show(key.created)}" for key in active)
            )
    evidence.record("Users with two active access keys", len(violations))
    expect_no_violations(violations)
