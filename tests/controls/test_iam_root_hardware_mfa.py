"""iam/root-hardware-mfa (CIS 2.6) against moto."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from moto.iam.models import iam_backends

from fixtures.errors import MissingField
from fixtures.iam_credentials_data import fetch_assigned_virtual_mfa_devices
from fixtures.moto_extensions import RootAccount, set_root_account
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
    assert decided["Root virtual MFA devices"] == "none"
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


def test_root_device_is_recognised_by_its_serial_number_alone(suite: Suite) -> None:
    set_root_account(ACCOUNT_ID, RootAccount(created=CREATED, mfa_active=True))
    assign_virtual_device(suite, "root-account-mfa-device", to_root=False)

    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert f"{ROOT_ARN}: virtual MFA device {ROOT_DEVICE}" in run.output


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
    # plain moto: no root row, AccountMFAEnabled=0; the control reads the summary only
    run = suite.run(control=CONTROL)

    run.result.assert_outcomes(failed=1)
    assert "AccountMFAEnabled=0" in run.output


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
    # Read as nobody's, a root device not named root-account-mfa-device would pass.
    phone = f"arn:aws:iam::{ACCOUNT_ID}:mfa/my-phone"

    with pytest.raises(MissingField, match=f"assigned device {phone} returned no User"):
        fetch_assigned_virtual_mfa_devices(devices({"SerialNumber": phone}).data())


def test_device_named_as_root_needs_no_user() -> None:
    (device,) = fetch_assigned_virtual_mfa_devices(devices({"SerialNumber": ROOT_DEVICE}).data())

    assert device.for_root
