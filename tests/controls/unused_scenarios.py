"""Users, passwords and access keys of given ages in moto, for the unused-credential controls.

The IAM API cannot backdate anything, so these age moto's own user, login-profile and
access-key objects after creating them through the API; the live reads then show those
dates, as AWS's would.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from moto.iam.models import AccessKeyLastUsed, iam_backends

from tests.conftest import ACCOUNT_ID, Suite


def days_ago(days: float) -> datetime:
    """``days`` days before now (UTC, whole seconds)."""
    return datetime.now(UTC).replace(microsecond=0) - timedelta(days=days)


def arn(name: str) -> str:
    """The ARN of IAM user ``name`` in moto's account."""
    return f"arn:aws:iam::{ACCOUNT_ID}:user/{name}"


def moto_user(name: str) -> Any:
    """moto's own object for IAM user ``name``."""
    return iam_backends[ACCOUNT_ID]["aws"].users[name]


def user(
    suite: Suite,
    name: str,
    created: float,
    password_used: float | None = None,
    password: bool = True,
) -> None:
    """A user created ``created`` days ago, with (``password``) a console password set then
    and last used ``password_used`` days ago (None: never)."""
    iam = suite.client("iam")
    iam.create_user(UserName=name)
    if password:
        iam.create_login_profile(UserName=name, Password="Correct-horse-battery-9")
    # moto gives the user's creation as its LoginProfile CreateDate and password_last_changed
    moto_user(name).create_date = days_ago(created)
    if password_used is not None:
        moto_user(name).password_last_used = days_ago(password_used)


def access_key(
    suite: Suite, name: str, created: float, used: float | None = None, active: bool = True
) -> str:
    """An access key of ``name`` created ``created`` days ago, last used ``used`` days ago
    (None: never); returns its id."""
    iam = suite.client("iam")
    key_id: str = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
    if not active:
        iam.update_access_key(UserName=name, AccessKeyId=key_id, Status="Inactive")
    key = moto_user(name).access_keys[-1]
    key.create_date = days_ago(created)
    key.last_used = (
        AccessKeyLastUsed(days_ago(used), "iam", "us-east-1") if used is not None else None
    )
    return key_id
