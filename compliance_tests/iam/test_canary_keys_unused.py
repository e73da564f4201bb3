"""The access keys of a canary IAM user must never have been used."""

import pytest

from fixtures.controls import Control
from fixtures.credential_report import CredentialReport, CredentialReportEntry
from fixtures.errors import CannotAssess, MissingReportRow
from fixtures.evidence import Evidence
from fixtures.settings import ControlSettings, Setting
from fixtures.verdict import expect_no_violations

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
        " begun. The control only runs when canary_user names that user."
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


@pytest.fixture
def canary_credentials(
    settings: ControlSettings, request: pytest.FixtureRequest, evidence: Evidence
) -> CredentialReportEntry:
    """The canary user's credential report row; skips when no canary user is configured.

    Decided before the report is fetched, so an account without a canary never waits on it.
    """
    name = settings.text("canary_user")
    if not name:
        pytest.skip(
            "no canary user configured: set canary_user to the IAM user whose access keys"
            " are canaries to enable this check"
        )
    report: CredentialReport = request.getfixturevalue("credential_report")
    try:
        entry = report.entry(name)
    except MissingReportRow as error:
        raise MissingReportRow(
            f"canary_user {name!r} is not an IAM user of this account: {error}; set"
            " canary_user to the canary's user name"
        ) from None
    if not any(key.last_rotated is not None for key in entry.access_keys):
        # No key means no canary to watch, not a canary that was never touched.
        raise CannotAssess(
            f"canary_user {name!r} ({entry.arn}) has no access key, so there is no canary key"
            " to check; create one and plant it, or correct canary_user"
        )
    return entry


@CANARY_KEYS_UNUSED
def test_canary_keys_unused(canary_credentials: CredentialReportEntry, evidence: Evidence) -> None:
    """Neither access key of the canary user has a last-used date."""
    violations = []
    for key in canary_credentials.access_keys:
        if key.last_rotated is None:
            continue  # this slot holds no key
        evidence.record(
            f"Canary access key {key.slot}",
            f"active={str(key.active).lower()}, last rotated {key.last_rotated_text},"
            f" last used {key.last_used_text}",
        )
        if key.last_used is not None:
            where = canary_credentials.fields[f"access_key_{key.slot}_last_used_region"]
            service = canary_credentials.fields[f"access_key_{key.slot}_last_used_service"]
            violations.append(
                f"{canary_credentials.arn}: canary access key {key.slot} was used on"
                f" {key.last_used_text} (region {where}, service {service})"
            )
    expect_no_violations(violations)
