"""Clients made on prefetch threads while pytest changes ``PYTEST_CURRENT_TEST``: the
environment's proxy settings are read once (fixtures/run/proxies.py), the same settings
botocore would have read."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.endpoint
import botocore.utils
import pytest

from fixtures.run.proxies import (
    environment_proxies,
    restore_botocore_lookup,
    use_environment_proxies,
)


class ChangingEnvironment(dict[str, str]):
    """``os.environ`` as a thread iterating it sees when pytest deletes
    ``PYTEST_CURRENT_TEST`` meanwhile: its name listed, its value gone."""

    def items(self) -> Any:
        raise KeyError("PYTEST_CURRENT_TEST")

    def __iter__(self) -> Iterator[str]:
        raise KeyError("PYTEST_CURRENT_TEST")


@pytest.fixture
def restored() -> Iterator[None]:
    """botocore's own lookup to begin with (this process's own run installed ours), and
    whatever was installed back afterwards."""
    installed = botocore.endpoint.get_environ_proxies
    restore_botocore_lookup()
    yield
    botocore.endpoint.get_environ_proxies = installed


def make_client() -> Any:
    return boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    ).client("sts")


def test_a_client_made_while_the_environment_changes_is_made(
    monkeypatch: pytest.MonkeyPatch, restored: None
) -> None:
    changing = ChangingEnvironment(os.environ)
    monkeypatch.setattr(os, "environ", changing)
    with pytest.raises(KeyError, match="PYTEST_CURRENT_TEST"):
        make_client()  # botocore's own lookup iterates the environment

    monkeypatch.setattr(os, "environ", dict(changing))
    use_environment_proxies()
    monkeypatch.setattr(os, "environ", changing)

    assert make_client().meta.region_name == "us-east-1"


@pytest.mark.parametrize(
    "url",
    [
        "https://sts.us-east-1.amazonaws.com",
        "https://iam.amazonaws.com/",
        "http://127.0.0.1:5000",
        "https://s3.internal.example.com",
    ],
)
@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"HTTPS_PROXY": "http://proxy.example:3128"},
        {
            "HTTPS_PROXY": "http://proxy.example:3128",
            "HTTP_PROXY": "http://proxy.example:3129",
            "NO_PROXY": "127.0.0.1,.internal.example.com",
        },
        {"https_proxy": "http://proxy.example:3128", "no_proxy": "*"},
    ],
)
def test_the_proxies_are_those_botocore_would_read(
    monkeypatch: pytest.MonkeyPatch, restored: None, settings: dict[str, str], url: str
) -> None:
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    expected = botocore.utils.get_environ_proxies(url)

    use_environment_proxies()

    assert environment_proxies(url) == expected
    assert botocore.endpoint.get_environ_proxies(url) == expected
