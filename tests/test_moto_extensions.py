"""The harness's moto extensions answer like AWS, over HTTP, and reset cleanly."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from typing import Any

import pytest
from botocore.exceptions import ClientError

import fixtures.demo.moto
from fixtures.demo.moto.account import set_contact_information
from fixtures.demo.moto.core import reset_extensions
from tests.conftest import REPO, Suite

# One module per AWS service next to core, the routing they share.
SERVICE_MODULES = sorted(
    module.name for module in pkgutil.iter_modules(fixtures.demo.moto.__path__)
)


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


@pytest.mark.parametrize("module", SERVICE_MODULES)
def test_install_loads_every_module_whichever_is_imported_first(module: str) -> None:
    # core imports the service modules inside install(), they import core at the top: a
    # fresh interpreter shows that importing any of them first works (no import cycle) and
    # that install() registers every module of the folder.
    code = (
        f"import sys, fixtures.demo.moto.{module}\n"
        "from fixtures.demo.moto.core import install\n"
        "install()\n"
        f"print([m for m in {SERVICE_MODULES!r} if 'fixtures.demo.moto.' + m not in sys.modules])"
    )

    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", (
        "add their import lines to fixtures/demo/moto/core.install()"
    )
