"""iam/ssh-key-rotation against moto."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from moto.iam.models import iam_backends

from fixtures.analysis.iam_model import User
from fixtures.aws.data import AccountData
from fixtures.aws.iam_ssh_keys import fetch_ssh_public_keys
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite

CONTROL = "iam/test_ssh_key_rotation.py"
CASE = "test_ssh_key_rotation[prod]"
KEY_BODY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDexample someone@example.com"


def upload_key(suite: Suite, user: str, days_old: float = 0, active: bool = True) -> str:
    """Give ``user`` an SSH public key uploaded ``days_old`` days ago; return its id."""
    iam = suite.client("iam")
    key_id: str = iam.upload_ssh_public_key(UserName=user, SSHPublicKeyBody=KEY_BODY)[
        "SSHPublicKey"
    ]["SSHPublicKeyId"]
    if not active:
        iam.update_ssh_public_key(UserName=user, SSHPublicKeyId=key_id, Status="Inactive")
    # moto stamps uploads with its clock; the test server shares this process, so age it here.
    for key in iam_backends[ACCOUNT_ID]["aws"].users[user].ssh_public_keys:
        if key.ssh_public_key_id == key_id:
            key.upload_date -= timedelta(days=days_old)
    return key_id


def test_recent_active_key_passes(suite: Suite) -> None:
    suite.client("iam").create_user(UserName="dev")
    upload_key(suite, "dev", days_old=30)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["SSH public keys"] == "1 (1 active, 0 inactive)"
    assert decided["Active SSH public keys older than 180 days"] == "0"


def test_old_active_key_fails_naming_user_key_and_age(suite: Suite) -> None:
    suite.client("iam").create_user(UserName="dev")
    key_id = upload_key(suite, "dev", days_old=200)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/dev: SSH public key {key_id} is active" in run.output
    assert "(200 days ago); at most 180 days allowed" in run.output


def test_key_half_a_day_past_the_limit_fails(suite: Suite) -> None:
    suite.client("iam").create_user(UserName="dev")
    upload_key(suite, "dev", days_old=180.5)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "(180 days 12 h ago); at most 180 days allowed" in run.output


def test_old_inactive_key_passes(suite: Suite) -> None:
    suite.client("iam").create_user(UserName="dev")
    upload_key(suite, "dev", days_old=400, active=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["SSH public keys"] == "1 (0 active, 1 inactive)"


def test_only_the_old_keys_of_several_users_are_named(suite: Suite) -> None:
    iam = suite.client("iam")
    for name in ("ana", "ben"):
        iam.create_user(UserName=name)
    upload_key(suite, "ana", days_old=10)
    old = upload_key(suite, "ana", days_old=365)
    upload_key(suite, "ben", days_old=179)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "1 violation(s)" in run.output
    assert f"user/ana: SSH public key {old} is active" in run.output


def test_setting_lowers_the_threshold(suite: Suite) -> None:
    suite.client("iam").create_user(UserName="dev")
    upload_key(suite, "dev", days_old=100)
    suite.write_settings(ssh_key_max_age_days=90)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "(100 days ago); at most 90 days allowed" in run.output


def test_no_users_passes_with_evidence(suite: Suite) -> None:
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    assert run.evidence()[CASE]["decided_by"]["SSH public keys"] == "0 (0 active, 0 inactive)"


def test_user_beyond_the_first_inventory_page_is_checked(suite: Suite) -> None:
    iam = suite.client("iam")
    for number in range(105):  # GetAccountAuthorizationDetails pages at 100 entities
        iam.create_user(UserName=f"user-{number:03d}")
    upload_key(suite, "user-104", days_old=181)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "user/user-104: SSH public key" in run.output
    calls = run.evidence()[CASE]["api_calls"]
    assert len([c for c in calls if c["action"] == "iam:ListSSHPublicKeys"]) == 105


def test_keys_on_every_page_are_read() -> None:
    """moto returns one page; AWS may page (Marker), and a later page must count too."""
    uploaded = datetime(2020, 1, 1, tzinfo=UTC)
    pages = [
        {
            "SSHPublicKeys": [
                {"SSHPublicKeyId": f"APKA{n}", "Status": "Active", "UploadDate": uploaded}
            ]
        }
        for n in (1, 2)
    ]

    class Paged:
        def paginate(self, service: str, operation: str, **params: Any) -> list[Any]:
            assert (service, operation, params) == ("iam", "ListSSHPublicKeys", {"UserName": "dev"})
            return pages

        def derived(self, name: str, build: Any) -> Any:
            return build()

        def concurrently(self, read: Any, items: list[Any]) -> list[Any]:
            return [read(item) for item in items]

    user = User("dev", f"arn:aws:iam::{ACCOUNT_ID}:user/dev", "/", {}, ())

    keys = fetch_ssh_public_keys(cast(AccountData, Paged()), [user])

    assert [key.key_id for key in keys] == ["APKA1", "APKA2"]


def test_denied_key_listing_is_an_error(suite: Suite) -> None:
    suite.deny("iam:ListSSHPublicKeys")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "the audit identity needs the iam:ListSSHPublicKeys permission" in run.output


def test_denied_user_inventory_is_an_error(suite: Suite) -> None:
    suite.deny("iam:GetAccountAuthorizationDetails")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "needs the iam:GetAccountAuthorizationDetails permission" in run.output


def test_key_with_unknown_status_cannot_be_assessed() -> None:
    page = {"SSHPublicKeys": [{"SSHPublicKeyId": "APKA1", "Status": "Pending"}]}

    class OnePage:
        def paginate(self, service: str, operation: str, **params: Any) -> list[Any]:
            return [page]

        def derived(self, name: str, build: Any) -> Any:
            return build()

        def concurrently(self, read: Any, items: list[Any]) -> list[Any]:
            return [read(item) for item in items]

    user = User("dev", f"arn:aws:iam::{ACCOUNT_ID}:user/dev", "/", {}, ())

    with pytest.raises(MissingField, match="user/dev without a readable SSHPublicKeyId, Status"):
        fetch_ssh_public_keys(cast(AccountData, OnePage()), [user])
