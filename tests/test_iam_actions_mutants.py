"""AWS's access levels (fixtures/analysis/iam_actions.py), pinned where mutation testing
(``make mutation``) found the unit tests blind: IAM's wildcards one at a time, literal names
beside patterns, and an action AWS classes as both List and Read.

``expand`` keeps its answers (an LRU cache) for the whole process. mutmut forks each mutant
from a process that has already run the tests, so a mutant in ``_pattern`` or
``_is_literal`` would be judged on answers computed by the unmutated code and "survive";
the fixture below empties the cache around each test, so these tests see the code under
test. (``expand`` itself, like every decorated function, is not mutated by mutmut 3.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fixtures.analysis import iam_actions


@pytest.fixture(autouse=True)
def _fresh_expand() -> Iterator[None]:
    iam_actions.expand.cache_clear()
    yield
    iam_actions.expand.cache_clear()


@pytest.mark.parametrize(
    ("pattern", "matched", "not_matched"),
    [
        # * matches any run of characters, none included
        ("iam:PutRolePolicy*", "iam:PutRolePolicy", "iam:PutRolePermissionsBoundary"),
        ("iam:*RolePolicy", "iam:PutRolePolicy", "iam:PutUserPolicy"),
        ("iam:Get*Policy", "iam:GetRolePolicy", "iam:GetRole"),
        # ? matches exactly one character
        ("iam:?etRole", "iam:GetRole", "iam:GetRolePolicy"),
        ("iam:GetRol?", "iam:GetRole", "iam:GetRolePolicy"),
        # a dot is a dot, not a regular-expression wildcard
        ("iam:Get.ole", None, "iam:GetRole"),
        # the service part takes the same wildcards, matched case-insensitively
        ("I?M:GetRole", "iam:GetRole", "s3:GetObject"),
        ("*:PutRolePolicy", "iam:PutRolePolicy", "iam:PutUserPolicy"),
        # the whole name: a pattern does not match a name that merely starts like it
        ("iam:GetRol", None, "iam:GetRole"),
        ("iam:Get?", None, "iam:GetRole"),
    ],
)
def test_iam_wildcards(pattern: str, matched: str | None, not_matched: str) -> None:
    found = iam_actions.expand(pattern)
    if matched is not None:
        assert matched in found
    assert not_matched not in found


def test_a_literal_name_is_looked_up_whole_and_a_pattern_is_matched() -> None:
    # a literal with a wildcard only in the service part, and the reverse
    assert iam_actions.expand("ia?:GetRole") == ("iam:GetRole",)
    found = iam_actions.expand("iam:GetRol*")
    assert {"iam:GetRole", "iam:GetRolePolicy"} <= set(found)
    assert all(action.startswith("iam:GetRol") for action in found)


def test_an_unknown_service_names_the_action_in_the_error() -> None:
    with pytest.raises(KeyError) as raised:
        iam_actions.access_levels("nosuchservice:GetThing")
    assert raised.value.args == ("nosuchservice:GetThing",)


def test_an_action_aws_classes_as_both_list_and_read_only_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the levels are a comma-separated list: "List, Read" changes nothing either
    # (no action has it in today's data; the rule is "all List or Read", not "one of them")
    real = iam_actions._levels_of

    def with_list_and_read(service: str) -> dict[str, tuple[str, frozenset[str]]]:
        table = dict(real(service))
        if service == "s3":
            table["listandreadthing"] = ("s3:ListAndReadThing", frozenset({"List", "Read"}))
        return table

    monkeypatch.setattr(iam_actions, "_levels_of", with_list_and_read)
    assert iam_actions.only_reads("s3:ListAndReadThing")
    assert iam_actions.writes("s3:ListAndReadThing") == ()
