"""Every threshold setting at its edge and one unit either side, against moto.

Counts (password length, remembered passwords, password age in the policy) are compared
in whole units: the limit, one less and one more. Ages and times left are compared to the
second (fixtures/aws/iam_credentials.py ``CredentialClock``: 90 days and an hour is more
than 90 days), so each is tried one day either side of the limit, and on both sides of
the limit itself: a minute inside and an hour outside (a date set exactly at the limit is
a few seconds past it by the time the control reads it). Where the edge falls is where the
control's words put it: "more than 45 days" left passes 45 days and an hour; "within the
last 90 days" passes 89 days 23 h 59 min and fails 90 days and an hour; "unused for 45
days" fails at 45.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from moto.iam.models import iam_backends

from fixtures.demo.moto.iam import RootAccount, set_root_account
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.test_iam_expired_server_certificates import upload
from tests.controls.test_iam_role_last_used import create_role
from tests.controls.test_iam_ssh_key_rotation import upload_key
from tests.controls.unused_scenarios import access_key, days_ago, user

ROOT_CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
MINUTE = 1 / (24 * 60)
HOUR = 1 / 24


@dataclass(frozen=True)
class Edge:
    """One threshold: its setting and default, the control that reads it, how to build an
    account whose value (days or a count) is ``value``, and whether that value passes."""

    setting: str
    limit: int
    control: str
    arrange: Callable[[Suite, float], None]
    passes: Callable[[float], bool]
    ages: bool  # days compared to the second (True) or whole counts (False)

    def values(self) -> list[float]:
        if self.ages:
            return [self.limit - 1, self.limit - MINUTE, self.limit + HOUR, self.limit + 1]
        return [self.limit - 1, self.limit, self.limit + 1]


def certificate(suite: Suite, days_left: float) -> None:
    upload(suite, "edge", days_left=days_left)


def role_used(suite: Suite, days: float) -> None:
    create_role(suite, "edge", created=days_ago(400), last_used=days_ago(days))


def role_never_used(suite: Suite, days: float) -> None:
    create_role(suite, "edge", created=days_ago(days))


def key_created(suite: Suite, days: float) -> None:
    user(suite, "edge", created=400, password=False)
    access_key(suite, "edge", created=days, used=0)


def key_used(suite: Suite, days: float) -> None:
    user(suite, "edge", created=400, password=False)
    access_key(suite, "edge", created=400, used=days)


def password_used(suite: Suite, days: float) -> None:
    user(suite, "edge", created=400, password_used=days)


def root_password_used(suite: Suite, days: float) -> None:
    set_root_account(
        ACCOUNT_ID, RootAccount(created=ROOT_CREATED, password_last_used=days_ago(days))
    )


def ssh_key(suite: Suite, days: float) -> None:
    suite.client("iam").create_user(UserName="edge")
    upload_key(suite, "edge", days_old=days)


def policy(**values: int) -> Callable[[Suite, float], None]:
    """A password policy whose one named member is the value; the others as CIS wants."""

    def arrange(suite: Suite, value: float) -> None:
        settings = {
            "MinimumPasswordLength": 14,
            "PasswordReusePrevention": 24,
            "MaxPasswordAge": 90,
            "RequireSymbols": True,
            "RequireNumbers": True,
            "RequireUppercaseCharacters": True,
            "RequireLowercaseCharacters": True,
            "AllowUsersToChangePassword": True,
            **{name: int(value) for name in values},
        }
        suite.client("iam").update_account_password_policy(**settings)

    return arrange


EDGES = [
    # "valid for more than {certificate_expiry_days} days"
    Edge("certificate_expiry_days", 45, "iam/test_server_certificate_expiry.py",
         certificate, lambda v: v > 45, ages=True),
    # "used within the last {iam_role_last_used_days} days"
    Edge("iam_role_last_used_days", 90, "iam/test_role_last_used.py",
         role_used, lambda v: v <= 90, ages=True),
    # counted from its creation when never used
    Edge("iam_role_last_used_days", 90, "iam/test_role_last_used.py",
         role_never_used, lambda v: v <= 90, ages=True),
    # CIS 2.12 "rotated every 90 days or less"
    Edge("access_key_max_age_days", 90, "iam/test_access_key_rotation.py",
         key_created, lambda v: v <= 90, ages=True),
    # CloudSploit: fails "after" 180 days
    Edge("access_keys_rotated_fail", 180, "iam/test_access_keys_rotated.py",
         key_created, lambda v: v <= 180, ages=True),
    # "not used for more than {access_keys_last_used_fail} days"
    Edge("access_keys_last_used_fail", 180, "iam/test_access_keys_last_used.py",
         key_used, lambda v: v <= 180, ages=True),
    # "console password not used for more than ... days"
    Edge("users_password_last_used_fail", 180, "iam/test_users_password_last_used.py",
         password_used, lambda v: v <= 180, ages=True),
    # "used ... within the last {iam_user_account_not_in_use_days} days"
    Edge("iam_user_account_not_in_use_days", 90, "iam/test_user_not_in_use.py",
         password_used, lambda v: v <= 90, ages=True),
    # CIS 2.11 "unused for 45 days or more" fail
    Edge("unused_credentials_days", 45, "iam/test_unused_credentials.py",
         password_used, lambda v: v < 45, ages=True),
    # "no IAM user's password or access key was used within the last {iam_user_in_use_days} days"
    Edge("iam_user_in_use_days", 15, "iam/test_user_accounts_not_in_daily_use.py",
         password_used, lambda v: v >= 15, ages=True),
    # the root user "must not be used within {root_account_in_use_days} days"
    Edge("root_account_in_use_days", 15, "iam/test_root_account_usage.py",
         root_password_used, lambda v: v >= 15, ages=True),
    # CIS 2.7: "in daily use when used within {root_daily_use_days} day(s)"
    Edge("root_daily_use_days", 1, "iam/test_root_user_daily_tasks.py",
         root_password_used, lambda v: v >= 1, ages=True),
    # "at most {ssh_key_max_age_days} days"
    Edge("ssh_key_max_age_days", 180, "iam/test_ssh_key_rotation.py",
         ssh_key, lambda v: v <= 180, ages=True),
    # "at least {min_password_length} characters"
    Edge("min_password_length", 14, "iam/test_password_minimum_length.py",
         policy(MinimumPasswordLength=0), lambda v: v >= 14, ages=False),
    Edge("min_password_length_fail", 10, "iam/test_min_password_length.py",
         policy(MinimumPasswordLength=0), lambda v: v >= 10, ages=False),
    # "refuses the last {password_reuse_fail} passwords" (IAM allows 1 to 24)
    Edge("password_reuse_fail", 5, "iam/test_password_reuse_limit.py",
         policy(PasswordReusePrevention=0), lambda v: v >= 5, ages=False),
    # "passwords expire in {max_password_age_days} days or fewer"
    Edge("max_password_age_days", 90, "iam/test_password_expiration.py",
         policy(MaxPasswordAge=0), lambda v: v <= 90, ages=False),
    Edge("max_password_age_fail", 365, "iam/test_password_max_age.py",
         policy(MaxPasswordAge=0), lambda v: v <= 365, ages=False),
]  # fmt: skip


CASES = [
    pytest.param(edge, value, id=f"{edge.setting}-{edge.arrange.__name__}-{value:g}")
    for edge in EDGES
    for value in edge.values()
]


@pytest.mark.parametrize(("edge", "value"), CASES)
def test_threshold_at_its_edge(suite: Suite, edge: Edge, value: float) -> None:
    edge.arrange(suite, value)

    run = suite.run(control=edge.control)

    outcome = {"passed": 1} if edge.passes(value) else {"failed": 1}
    run.result.assert_outcomes(**outcome)


# password_reuse_prevention's default (24) is IAM's most: its edge above is tried with the
# setting lowered to 10.
@pytest.mark.parametrize(("remembered", "passes"), [(23, False), (24, True)])
def test_password_reuse_prevention_at_its_default(
    suite: Suite, remembered: int, passes: bool
) -> None:
    policy(PasswordReusePrevention=0)(suite, remembered)

    run = suite.run(control="iam/test_password_reuse_prevention.py")

    run.result.assert_outcomes(**({"passed": 1} if passes else {"failed": 1}))


@pytest.mark.parametrize(("remembered", "passes"), [(9, False), (10, True), (11, True)])
def test_password_reuse_prevention_around_a_lowered_setting(
    suite: Suite, remembered: int, passes: bool
) -> None:
    policy(PasswordReusePrevention=0)(suite, remembered)

    run = suite.run(
        "--set", "password_reuse_prevention=10", control="iam/test_password_reuse_prevention.py"
    )

    run.result.assert_outcomes(**({"passed": 1} if passes else {"failed": 1}))


def test_the_role_message_shows_the_age_the_verdict_used(suite: Suite) -> None:
    """A role used 90 days and an hour ago fails "within the last 90 days": its message
    says so, not "90 days ago" (which reads as within)."""
    used = datetime.now(UTC) - timedelta(days=90, hours=1)
    create_role(suite, "edge", created=days_ago(400), last_used=used)

    run = suite.run(control="iam/test_role_last_used.py")

    run.result.assert_outcomes(failed=1)
    assert "(90 days 1 h ago); roles must be used within 90 days" in run.output
    assert iam_backends[ACCOUNT_ID]["aws"].get_role("edge").last_used == used
