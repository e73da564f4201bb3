"""The harness's moto extensions answer like AWS, over HTTP, and reset cleanly."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from fixtures.demo.moto.account import set_contact_information
from fixtures.demo.moto.core import reset_extensions
from tests.conftest import Suite


def account_client(suite: Suite) -> Any:
    """An Account Management client of a freshly reset moto server."""
    return suite.client("account")


def test_contact_information_is_served_per_account(suite: Suite) -> None:
    contact = {
        "FullName": "Ops",
        "AddressLine1": "1 Main St",
        "City": "Town",
        "CountryCode": "US",
        "PostalCode": "12345",
        "PhoneNumber": "+15555550100",
    }
    set_contact_information("123456789012", contact)

    answer = account_client(suite).get_contact_information()

    assert answer["ContactInformation"]["FullName"] == "Ops"


def test_missing_contact_information_is_aws_s_not_found_error(suite: Suite) -> None:
    with pytest.raises(ClientError) as raised:
        account_client(suite).get_contact_information()

    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_reset_clears_extension_state(suite: Suite) -> None:
    set_contact_information("123456789012", {"FullName": "Ops"})
    reset_extensions()

    with pytest.raises(ClientError):
        account_client(suite).get_contact_information()


def test_operations_moto_serves_still_reach_moto(suite: Suite) -> None:
    alternate = account_client(suite)
    with pytest.raises(ClientError) as raised:
        alternate.get_alternate_contact(AlternateContactType="SECURITY")

    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
