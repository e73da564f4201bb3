"""Active IAM user access keys are used, or deactivated (CloudSploit's threshold, a setting)."""

from fixtures.aws.iam_credentials import CredentialClock, KeyLastUse, UserCredentials
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

ACCESS_KEYS_LAST_USED = Control(
    id="iam/access-keys-last-used",
    title="Access Keys Last Used",
    category="IAM",
    severity="medium",
    description=(
        "Ensures no active IAM user access key has gone unused for more than"
        " {access_keys_last_used_fail} days."
    ),
    more_info=(
        "An active access key that nothing uses is a long-lived secret with no owner in"
        " sight: it may sit in an old script, a backup or a departed colleague's laptop, and"
        " its next use may be someone else's. This control looks at access keys only;"
        " console passwords have their own control. A key never used counts from the day it"
        " was created. The keys (iam:ListAccessKeys) and their last use"
        " (iam:GetAccessKeyLastUsed) are read live, once per run, rather than taken from the"
        " credential report, which can be four hours old."
        " For 1,000 users with a key each that is about 4,000 requests: three per user and"
        " one per key (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    recommended_action=(
        "Deactivate the access keys unused for more than {access_keys_last_used_fail} days"
        " after checking with their owners, and delete them once nothing breaks."
    ),
    remediation_steps=(
        "Open the IAM console, choose Users and open each user the evidence names.",
        "On the Security credentials tab, under Access keys, compare the last use shown with"
        " the evidence.",
        "Choose Actions, then Deactivate for each listed key (CLI: aws iam update-access-key"
        " --user-name NAME --access-key-id KEY --status Inactive).",
        "After a waiting period with no complaints, delete the key (aws iam delete-access-key);"
        " give a workload that still needs access an IAM role instead.",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/accessKeysLastUsed",)},
    settings={
        "access_keys_last_used_fail": Setting(
            180, "days after which an active access key that has not been used fails"
        ),
    },
)


@ACCESS_KEYS_LAST_USED
def test_access_keys_last_used(
    iam_user_credentials: tuple[UserCredentials, ...],
    iam_key_last_use: dict[str, KeyLastUse],
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Every active access key was used (or created) no more than the setting's days ago."""
    days = settings.integer("access_keys_last_used_fail")
    active = [(user, key) for user in iam_user_credentials for key in user.active_keys]
    violations = []
    for user, key in active:
        last_used = iam_key_last_use[key.id].last_used
        unused = credential_clock.unused_for_more_than(days, last_used, key.created)
        if unused:
            violations.append(f"{user.arn}: active {key.label} {unused}")
    evidence.record("Active access keys checked", len(active))
    evidence.record("Unused for more than the setting's days", len(violations))
    expect_no_violations(violations)
