"""IAM users that nobody uses any more are removed (CloudSploit's threshold, a setting)."""

from fixtures.aws.iam_credentials import CredentialClock, KeyLastUse, UserCredentials
from fixtures.results.controls import Control
from fixtures.results.evidence import Evidence
from fixtures.results.verdict import expect_no_violations
from fixtures.run.settings import ControlSettings, Setting

USER_NOT_IN_USE = Control(
    id="iam/user-not-in-use",
    title="IAM User Account Not In Use",
    category="IAM",
    severity="medium",
    description=(
        "Ensures every IAM user has used its password or one of its access keys within the"
        " last {iam_user_account_not_in_use_days} days."
    ),
    more_info=(
        "A user whose credentials nobody has used for months belongs to someone who left, a"
        " project that ended or a script long gone. It keeps its permissions, and any"
        " credential it still has can be used by whoever finds it. The user's most recent"
        " use of any credential counts: its console password (iam:ListUsers"
        " PasswordLastUsed) or any of its access keys, active or not"
        " (iam:GetAccessKeyLastUsed), all read live once per run. A user never used counts"
        " from the day it was created."
        " For 1,000 users with a key each that is about 4,000 requests: three per user and"
        " one per key (README, What comes from where)."
    ),
    aws_link="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html",
    recommended_action=(
        "Delete the IAM users unused for more than {iam_user_account_not_in_use_days} days"
        " after checking with their owners, or remove their password and deactivate their"
        " access keys."
    ),
    remediation_steps=(
        "Open the IAM console, choose Users; the Last activity column matches the evidence.",
        "Check with the owner of each listed user that it is no longer needed.",
        "Remove its console password and deactivate its access keys (Security credentials"
        " tab), then wait for complaints.",
        "Delete the user (aws iam delete-user, after removing its keys, password, MFA"
        " devices, group memberships and policies).",
        "Run this control again.",
    ),
    frameworks={"cloudsploit": ("iam/iamUserNotInUse",)},
    settings={
        "iam_user_account_not_in_use_days": Setting(
            90, "days without any use of its credentials after which an IAM user fails"
        ),
    },
)


@USER_NOT_IN_USE
def test_user_not_in_use(
    iam_user_credentials: tuple[UserCredentials, ...],
    iam_key_last_use: dict[str, KeyLastUse],
    credential_clock: CredentialClock,
    settings: ControlSettings,
    evidence: Evidence,
) -> None:
    """Every user's most recent credential use (or, never used, its creation) lies no more
    than the setting's days ago."""
    days = settings.integer("iam_user_account_not_in_use_days")
    violations = []
    for user in iam_user_credentials:
        uses = user.uses(iam_key_last_use)
        # The most recent use of any of the user's credentials decides.
        what, last_used = max(uses, key=lambda use: use[1]) if uses else ("", None)
        unused = credential_clock.unused_for_more_than(
            days, last_used, user.created, how=f" ({what})"
        )
        if unused:
            violations.append(f"{user.arn}: {unused}")
    evidence.record("IAM users checked", len(iam_user_credentials))
    evidence.record("Not used for more than the setting's days", len(violations))
    expect_no_violations(violations)
