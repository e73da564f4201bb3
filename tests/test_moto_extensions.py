"""The harness's moto extensions answer like AWS, over HTTP, and reset cleanly."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from fixtures.moto_extensions import reset_extensions, set_contact_information


def account_client(moto_url: str) -> object:
    return boto3.client(
        "account",
        endpoint_url=moto_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_contact_information_is_served_per_account(moto_url: str) -> None:
    contact = {
        "FullName": "Ops",
        "AddressLine1": "1 Main St",
        "City": "Town",
        "CountryCode": "US",
        "PostalCode": "12345",
        "PhoneNumber": "+15555550100",
    }
    set_contact_information("123456789012", contact)

    answer = account_client(moto_url).get_contact_information()  # type: ignore[attr-defined]

    assert answer["ContactInformation"]["FullName"] == "Ops"


def test_missing_contact_information_is_aws_s_not_found_error(moto_url: str) -> None:
    with pytest.raises(ClientError) as raised:
        account_client(moto_url).get_contact_information()  # type: ignore[attr-defined]

    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_reset_clears_extension_state(moto_url: str) -> None:
    set_contact_information("123456789012", {"FullName": "Ops"})
    reset_extensions()

    with pytest.raises(ClientError):
        account_client(moto_url).get_contact_information()  # type: ignore[attr-defined]


def test_operations_moto_serves_still_reach_moto(moto_url: str) -> None:
    alternate = account_client(moto_url)
    with pytest.raises(ClientError) as raised:
        alternate.get_alternate_contact(AlternateContactType="SECURITY")  # type: ignore[attr-defined]

    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
