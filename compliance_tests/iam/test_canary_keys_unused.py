"""The access keys of a canary IAM user must never have been used."""

from dataclasses import dataclass

import pytest

from fixtures.analysis.iam_model import IamInventory
from fixtures.aws.data import AccountData
from fixtures.aws.iam_credentials import (
    KeyLastUse,
    UserAccessKey,
    fetch_key_last_use_of,
    fetch_user_keys,
    show,
)
from fixtures.results.controls import Control
from fixtures.results.errors import CannotAssess
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

CANARY_KEYS_UNUSED = Control(
    id="iam/canary-keys-unused",
    title="Canary Keys Unused",
    category="IAM",
    severity="critical",
    description=("Ensures the access keys of the IAM user named as a canary have never been used."),
    more_info=(
        "A canary user exists only to be found: its access keys are planted where an"
        " intruder would look (a repository, a laptop, a CI variable) and no legitimate"
        " workload ever uses them. IAM records when each key was last used, so a date on a"
        " canary key means someone holds a secret they should not have, and an incident has"
        " begun. The control only runs when canary_user names that user. The keys"
        " (iam:ListAccessKeys) and their last use (iam:GetAccessKeyLastUsed) are read live:"
        " the credential report can be four hours old, and a canary's first use is news."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
    recommended_action=(
        "Treat a used canary key as a security incident: find where it was used from, and"
        " how the intruder found it."
    ),
    remediation_steps=(
        "Open an incident: the evidence gives the key, its last-used date, region and service.",
        "Search CloudTrail (Event history, or your trail's logs) for the canary key's access"
        " key ID to find the source IP addresses, user agents and calls made.",
        "Find where that copy of the key was planted, and how the intruder reached it;"
        " assume other secrets stored there are exposed and rotate them.",
        "Make sure the canary user still has no permissions beyond what the canary needs.",
        "Once the incident is closed, create a new canary key, plant it, and delete the used"
        " one (aws iam create-access-key, then aws iam delete-access-key).",
        "To enable this control, set canary_user in settings.toml to the canary user's name.",
    ),
    frameworks={"cloudsploit": ("iam/canaryKeysUsed",)},
    settings={
        "canary_user": Setting(
            "", "name of the IAM user whose access keys are canaries; empty: no canary"
        ),
    },
)


@dataclass(frozen=True)
class CanaryKey:
    """A canary access key (``iam:ListAccessKeys``) and its last use
    (``iam:GetAccessKeyLastUsed``), both read live."""

    key: UserAccessKey
    use: KeyLastUse


@pytest.fixture
def canary_keys(
    settings: ControlSettings, request: pytest.FixtureRequest, aws: AccountData, evidence: Evidence
) -> tuple[str, tuple[CanaryKey, ...]]:
    """The canary user's ARN and access keys with their last use, read live; skips when no
    canary user is configured.

    Decided before anything is fetched, so an account without a canary never waits on it.
    Errors: the user is not an IAM user of the account, or has no access key.
    """
    name = settings.text("canary_user")
    if not name:
        pytest.skip(
            "no canary user configured: set canary_user to the IAM user whose access keys"
            " are canaries to enable this check"
        )
    inventory: IamInventory = request.getfixturevalue("iam_inventory")
    user = next((user for user in inventory.users if user.name == name), None)
    if user is None:
        raise CannotAssess(
            f"canary_user {name!r} is not an IAM user of this account"
            f" ({len(inventory.users)} users); set canary_user to the canary's user name"
        )
    with evidence.gathering(aws):
        keys = fetch_user_keys(aws, user)
        uses = fetch_key_last_use_of(aws, [key.id for key in keys])
    if not keys:
        # No key means no canary to watch, not a canary that was never touched.
        raise CannotAssess(
            f"canary_user {name!r} ({user.arn}) has no access key, so there is no canary key"
            " to check; create one and plant it, or correct canary_user"
        )
    return user.arn, tuple(CanaryKey(key, uses[key.id]) for key in keys)


@CANARY_KEYS_UNUSED
def test_canary_keys_unused(
    canary_keys: tuple[str, tuple[CanaryKey, ...]], evidence: Evidence
) -> None:
    """No access key of the canary user has a last-used date (iam:GetAccessKeyLastUsed)."""
    arn, keys = canary_keys
    violations = []
    for canary in keys:
        key, use = canary.key, canary.use
        evidence.record(
            f"Canary {key.label}",
            f"active={str(key.active).lower()}, created {show(key.created)},"
            f" last used {show(use.last_used)}",
        )
        if use.last_used is not None:
            violations.append(
                f"{arn}: canary {key.label} was used on {show(use.last_used)}"
                f" (region {use.region}, service {use.service})"
            )
    expect_no_violations(violations)
