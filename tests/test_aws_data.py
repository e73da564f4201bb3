"""Unit tests of the data layer's paging: a page must carry the list it pages."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import jmespath
import pytest

from fixtures.aws.data import AccountData, required
from fixtures.results.errors import MissingField


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


def test_a_list_aws_omits_when_empty_may_be_missing_when_named() -> None:
    pages: list[dict[str, Any]] = [{"IsTruncated": False}]

    listed = data(Session(pages)).paginate(
        "iam", "ListUsers", omitted_when_empty=frozenset({"Users"})
    )

    assert listed == pages


def test_naming_another_list_does_not_excuse_the_one_paged() -> None:
    account = data(Session([{"IsTruncated": False}]))

    with pytest.raises(MissingField, match="returned a page without Users"):
        account.paginate("iam", "ListUsers", omitted_when_empty=frozenset({"Groups"}))


# required(): a field AWS always returns, or MissingField naming the call and the field.
WHERE = "iam:GetAccountAuthorizationDetails for user 'alice'"


@pytest.mark.parametrize("value", [[], {}, 0, False, "alice", ["a"]])
def test_required_returns_what_aws_answered_empty_answers_included(value: object) -> None:
    assert required({"Key": value}, "Key", WHERE) == value


@pytest.mark.parametrize("item", [{}, {"GroupList": None}, {"GroupList": ""}, ["GroupList"]])
def test_required_refuses_a_missing_field(item: Any) -> None:
    with pytest.raises(MissingField) as raised:
        required(item, "GroupList", WHERE)

    assert str(raised.value) == f"{WHERE} returned no GroupList"


def test_required_takes_an_empty_string_where_blank_is_an_answer() -> None:
    assert required({"Value": ""}, "Value", WHERE, str, blank_ok=True) == ""
    with pytest.raises(MissingField, match="returned no Value"):
        required({}, "Value", WHERE, str, blank_ok=True)


def test_required_refuses_a_value_of_another_kind() -> None:
    with pytest.raises(MissingField) as raised:
        required({"GroupList": "admins"}, "GroupList", WHERE, list)

    assert str(raised.value) == f"{WHERE} returned GroupList as str, not list: 'admins'"


def test_required_accepts_any_of_several_kinds() -> None:
    assert required({"Document": {"Statement": []}}, "Document", WHERE, (str, dict)) == {
        "Statement": []
    }
    with pytest.raises(MissingField, match="as int, not str or dict"):
        required({"Document": 7}, "Document", WHERE, (str, dict))


class RegionalSession(Session):
    """A Session whose paginator answers each region with that region's user, after every
    region has asked: only concurrent reads get past the barrier."""

    def __init__(self, regions: list[str], broken: frozenset[str] = frozenset()) -> None:
        super().__init__([])
        self.barrier = threading.Barrier(len(regions), timeout=10)
        self.broken = broken

    def client(self, service: str, region: str) -> Any:
        session = self

        class Paginator:
            def paginate(self, **_: Any) -> Pages:
                session.barrier.wait()
                if region in session.broken:
                    return Pages([{"IsTruncated": False}])
                return Pages([{"Users": [{"UserName": region}]}])

        return type("Client", (), {"get_paginator": lambda self, name: Paginator()})()


REGIONS = ["us-east-1", "eu-west-1", "ap-south-1"]


def test_concurrent_reads_run_together_and_keep_the_order_and_the_evidence() -> None:
    account = data(RegionalSession(REGIONS))

    with account.observe() as seen:
        users = account.concurrently(
            lambda region: account.paginate("iam", "ListUsers", region)[0]["Users"][0], REGIONS
        )

    assert [user["UserName"] for user in users] == REGIONS
    assert sorted(call.region for call in seen) == sorted(REGIONS)


def test_concurrent_reads_raise_the_first_region_that_cannot_be_had() -> None:
    account = data(RegionalSession(REGIONS, broken=frozenset({"eu-west-1", "ap-south-1"})))

    with account.observe() as seen, pytest.raises(MissingField) as raised:
        account.concurrently(lambda region: account.paginate("iam", "ListUsers", region), REGIONS)

    assert "iam:ListUsers returned a page without Users" in str(raised.value)
    # as the plain loop: the calls up to the first failure (in items' order) are evidence
    assert [call.region for call in seen] == ["us-east-1", "eu-west-1"]
