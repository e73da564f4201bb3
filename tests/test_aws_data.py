"""Unit tests of the data layer's paging: a page must carry the list it pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jmespath
import pytest

from fixtures.aws_data import AccountData
from fixtures.errors import MissingField


class Pages:
    """What botocore's PageIterator offers the data layer: pages and their result keys."""

    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = pages
        self.result_keys = [jmespath.compile("Users")]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.pages)


class Session:
    """An AwsSession stand-in whose IAM paginator returns the given pages."""

    def __init__(self, pages: list[dict[str, Any]]) -> None:
        self.pages = pages
        self.requests = 0
        self.config = type("Config", (), {"home_region": "us-east-1"})()

    def client(self, service: str, region: str) -> Any:
        session = self

        class Paginator:
            def paginate(self, **_: Any) -> Pages:
                session.requests += 1
                return Pages(session.pages)

        return type("Client", (), {"get_paginator": lambda self, name: Paginator()})()


def data(session: Session) -> AccountData:
    return AccountData(session, "arn:aws:iam::123456789012:user/audit", 1)  # type: ignore[arg-type]


def test_every_page_is_returned() -> None:
    pages: list[dict[str, Any]] = [{"Users": [{"UserName": "a"}]}, {"Users": []}]

    assert data(Session(pages)).paginate("iam", "ListUsers") == pages


def test_a_page_without_its_list_cannot_be_assessed() -> None:
    account = data(Session([{"Users": [{"UserName": "a"}]}, {"IsTruncated": False}]))

    with pytest.raises(MissingField, match="iam:ListUsers returned a page without Users"):
        account.paginate("iam", "ListUsers")


def test_the_failure_is_remembered_not_retried() -> None:
    session = Session([{"IsTruncated": False}])
    account = data(session)
    for _ in range(2):
        with pytest.raises(MissingField):
            account.paginate("iam", "ListUsers")

    assert session.requests == 1
