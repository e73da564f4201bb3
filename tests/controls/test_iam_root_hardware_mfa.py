"""iam/root-hardware-mfa (CIS 2.6) against moto."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from moto.iam.models import iam_backends

from fixtures.aws.iam_credentials import fetch_assigned_virtual_mfa_devices
from fixtures.demo.moto.iam import RootAccount, set_root_account
from fixtures.results.errors import MissingField
from tests.conftest import ACCOUNT_ID, Suite
from tests.controls.canned_aws import CannedAws

CONTROL = "iam/test_root_hardware_mfa.py"
CASE = "test_root_hardware_mfa[prod]"
CREATED = datetime(2019, 4, 2, 9, 30, tzinfo=UTC)
ROOT_ARN = f"arn:aws:iam::{ACCOUNT_ID}:root"
ROOT_DEVICE = f"arn:aws:iam::{ACCOUNT_ID}:mfa/root-account-mfa-device"


def assign_virtual_device(suite: Suite, name: str, to_root: bool = True) -> str:
    """Create a virtual MFA device and assign it the way AWS shows a root device.

    AWS assigns root devices only through the console, and moto's EnableMFADevice needs an
    IAM user, so the test sets the assignment on moto's own device object.
    """
    serial: str = suite.client("iam").create_virtual_mfa_device(VirtualMFADeviceName=name)[
        "VirtualMFADevice"
    ]["SerialNumber"]
    device: Any = iam_backends[ACCOUNT_ID]["aws"].virtual_mfa_devices[serial]
    device.enable_date = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    if to_root:
        device.user = SimpleNamespace(
            arn=ROOT_ARN, id=ACCOUNT_ID, name="<root_account>", path="/", create_date=CREATED
        )
    return serial


def give_user_virtual_devices(suite: Suite, count: int) -> None:
    """``count`` assigned virtual devices of an IAM user, through the API."""
    iam = suite.client("iam")
    iam.create_user(UserName="alice")
    for number in range(count):
        serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"alice-{number:03d}")[
            "VirtualMFADevice"
        ]["SerialNumber"]
        iam.enable_mfa_device(
            UserName="alice",
            SerialNumber=serial,
            AuthenticationCode1="123456",
            AuthenticationCode2="654321",
        )


def test_root_mfa_without_virtual_device_passes(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    give_user_virtual_devices(suite, 1)  # a user's virtual device is not root's

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert (
        decided[
            "Virtual MFA devices assigned to the root user (iam:ListVirtualMFADevices User.Arn)"
        ]
        == "none"
    )
    assert decided["Assigned virtual MFA devices"] == "1"


def test_no_root_mfa_fails(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=False))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROOT_ARN}: no MFA device at all (iam:GetAccountSummary AccountMFAEnabled=0)"
        in run.output
    )


def test_root_virtual_device_fails_naming_it(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    assign_virtual_device(suite, "root-account-mfa-device")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert (
        f"{ROOT_ARN}: virtual MFA device {ROOT_DEVICE} (enabled 2024-03-01T12:00:00+00:00);"
        " a hardware device is required"
    ) in run.output
    assert "1 violation(s)" in run.output


def test_root_device_is_recognised_by_its_user_whatever_its_name(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    serial = assign_virtual_device(suite, "my-phone")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROOT_ARN}: virtual MFA device {serial}" in run.output


def test_user_device_named_as_root_is_the_users_not_roots(suite: Suite) -> None:
    # issue 6 D: root uses a hardware device; IAM user ops owns a virtual device whose
    # serial is ...:mfa/root-account-mfa-device. AWS assigns it to user/ops.
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    iam = suite.client("iam")
    iam.create_user(UserName="ops")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="root-account-mfa-device")[
        "VirtualMFADevice"
    ]["SerialNumber"]
    assert serial == ROOT_DEVICE
    iam.enable_mfa_device(
        UserName="ops",
        SerialNumber=serial,
        AuthenticationCode1="123456",
        AuthenticationCode2="654321",
    )

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["Assigned virtual MFA devices"] == "1"
    key = "Virtual MFA devices assigned to the root user (iam:ListVirtualMFADevices User.Arn)"
    assert decided[key] == "none"
    assert run.verdicts() == {CASE: "compliant"}


def test_root_without_any_credential_passes_saying_why(suite: Suite) -> None:
    # issue 6 E: no password, keys, certificates or MFA (centralized root access).
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_present=False))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)
    decided = run.evidence()[CASE]["decided_by"]
    assert decided["AccountMFAEnabled (iam:GetAccountSummary)"] == "0"
    assert "nobody can sign in as root" in decided["Decided by"]


def test_root_with_a_password_and_no_mfa_fails(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, password_present=True))

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "AccountMFAEnabled=0) and the root user can sign in (AccountPasswordPresent=1" in (
        run.output
    )


def test_unassigned_root_device_does_not_count(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    suite.client("iam").create_virtual_mfa_device(VirtualMFADeviceName="root-account-mfa-device")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(passed=1)


def test_root_device_beyond_the_first_page_is_found(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    give_user_virtual_devices(suite, 100)  # ListVirtualMFADevices pages at 100 devices
    assign_virtual_device(suite, "root-account-mfa-device")

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROOT_ARN}: virtual MFA device {ROOT_DEVICE}" in run.output
    record = run.evidence()[CASE]
    assert record["decided_by"]["Assigned virtual MFA devices"] == "101"
    pages = [c for c in record["api_calls"] if c["action"] == "iam:ListVirtualMFADevices"]
    assert len(pages) == 2


def test_no_credential_report_needed(suite: Suite) -> None:
    # plain moto: no root row; the control reads the summary only, which plain moto gives
    # without AccountPasswordPresent: whether root can sign in is then unknown.
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert "iam:GetAccountSummary returned no AccountPasswordPresent" in run.output
    calls = {c["action"] for c in run.evidence()[CASE]["api_calls"]}
    assert "iam:GetCredentialReport" not in calls


@pytest.mark.parametrize("action", ["iam:ListVirtualMFADevices", "iam:GetAccountSummary"])
def test_denied_call_is_an_error_naming_the_permission(suite: Suite, action: str) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    suite.deny(action)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(errors=1)
    assert f"the audit identity needs the {action} permission" in run.output


# Responses moto never sends: an assigned device whose user AWS does not name.
def devices(*listed: dict[str, Any]) -> CannedAws:
    return CannedAws().answer("iam", "ListVirtualMFADevices", {"VirtualMFADevices": list(listed)})


def test_assigned_device_without_its_user_cannot_be_assessed() -> None:
    # Read as nobody's, a root device would pass; AWS documents User for assigned devices.
    phone = f"arn:aws:iam::{ACCOUNT_ID}:mfa/my-phone"

    with pytest.raises(MissingField, match=f"assigned device {phone} returned no User"):
        fetch_assigned_virtual_mfa_devices(devices({"SerialNumber": phone}).data())


def test_device_named_as_root_without_its_user_cannot_be_assessed() -> None:
    # Its name is a label anyone can choose: it says nothing of whose device it is.
    with pytest.raises(MissingField, match=f"assigned device {ROOT_DEVICE} returned no User"):
        fetch_assigned_virtual_mfa_devices(devices({"SerialNumber": ROOT_DEVICE}).data())


def test_device_belongs_to_the_user_aws_names() -> None:
    (device,) = fetch_assigned_virtual_mfa_devices(
        devices({"SerialNumber": ROOT_DEVICE, "User": {"Arn": f"{ROOT_ARN[:-4]}user/ops"}}).data()
    )

    assert not device.assigned_to(ROOT_ARN)
    assert device.assigned_to(f"arn:aws:iam::{ACCOUNT_ID}:user/ops")
