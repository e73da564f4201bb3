"""The account password policy judged against one rule at a time
(fixtures/analysis/password_policy.py), as unit tests fast enough for mutation testing
(``make mutation``): each rule with no policy, with the setting unset, at its threshold and
one unit either side; the violation (the control's message) and the evidence recorded.

The controls' moto tests (tests/controls/test_iam_password_*.py) cover the same rules end to
end; these call the helpers directly."""

from __future__ import annotations

from typing import Any, cast

import pytest

from fixtures.analysis.password_policy import (
    expect_character_class,
    expect_max_age,
    expect_minimum_length,
    expect_reuse_prevention,
)
from fixtures.aws.iam import PasswordPolicy
from fixtures.results.evidence import Evidence
from fixtures.results.waivers import NonCompliant

NO_POLICY = PasswordPolicy(exists=False)


def evidence() -> Evidence:
    # only the facts are used: no control or target is needed to record them
    return Evidence(control=cast(Any, None), target=cast(Any, None))


def violations(
    check: Any, policy: PasswordPolicy, *args: Any, **kwargs: Any
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The violations ``check`` fails with (empty when it passes) and the facts recorded."""
    recorded = evidence()
    try:
        check(policy, recorded, *args, **kwargs)
    except NonCompliant as failed:
        return failed.violations, recorded.facts
    return (), recorded.facts


LOWERCASE = {"field": "RequireLowercaseCharacters", "character": "a lowercase letter"}


def test_a_character_class_required_passes() -> None:
    policy = PasswordPolicy(exists=True, require_lowercase=True)
    assert violations(expect_character_class, policy, required=True, **LOWERCASE) == (
        (),
        {"RequireLowercaseCharacters": "true"},
    )


def test_a_character_class_not_required_fails() -> None:
    policy = PasswordPolicy(exists=True)
    assert violations(expect_character_class, policy, required=False, **LOWERCASE) == (
        (
            "the password policy does not require a lowercase letter"
            " (RequireLowercaseCharacters=false)",
        ),
        {"RequireLowercaseCharacters": "false"},
    )


@pytest.mark.parametrize("required", [True, False])
def test_no_policy_requires_no_character_class(required: bool) -> None:
    # without a policy AWS applies its default, which requires no character class
    assert violations(expect_character_class, NO_POLICY, required=required, **LOWERCASE) == (
        ("the account has no password policy, so passwords need not contain a lowercase letter",),
        {"RequireLowercaseCharacters": "no policy"},
    )


@pytest.mark.parametrize(
    ("length", "found"),
    [
        (13, ("the password policy allows 13-character passwords; at least 14 are required",)),
        (14, ()),
        (15, ()),
    ],
)
def test_minimum_length_at_the_threshold_and_either_side(
    length: int, found: tuple[str, ...]
) -> None:
    policy = PasswordPolicy(exists=True, minimum_length=length)
    assert violations(expect_minimum_length, policy, 14) == (
        found,
        {"MinimumPasswordLength": str(length)},
    )


def test_no_policy_accepts_aws_default_length() -> None:
    assert violations(expect_minimum_length, NO_POLICY, 14) == (
        ("the account has no password policy: AWS accepts 8 characters, not 14",),
        {"MinimumPasswordLength": "8"},
    )
    # even a requirement AWS's default meets needs a policy
    assert violations(expect_minimum_length, NO_POLICY, 8)[0] == (
        "the account has no password policy: AWS accepts 8 characters, not 8",
    )


@pytest.mark.parametrize(
    ("remembered", "found", "shown"),
    [
        (
            None,
            "the password policy does not prevent password reuse (PasswordReusePrevention is"
            " not set); the last 24 passwords must be refused",
            "not set",
        ),
        (
            23,
            "the password policy refuses only the last 23 passwords; at least 24 are required",
            "23",
        ),
        (24, None, "24"),
        (25, None, "25"),
    ],
)
def test_reuse_prevention_at_the_threshold_and_either_side(
    remembered: int | None, found: str | None, shown: str
) -> None:
    policy = PasswordPolicy(exists=True, reuse_prevention=remembered)
    assert violations(expect_reuse_prevention, policy, 24) == (
        (found,) if found else (),
        {"PasswordReusePrevention": shown},
    )


def test_no_policy_prevents_no_reuse() -> None:
    assert violations(expect_reuse_prevention, NO_POLICY, 24) == (
        (
            "the account has no password policy, so IAM users may reuse any earlier password;"
            " the last 24 must be refused",
        ),
        {"PasswordReusePrevention": "not set"},
    )


NEVER = "passwords never expire (MaxPasswordAge {shown}); at most {limit} days are allowed"


@pytest.mark.parametrize(
    ("max_age", "found", "shown"),
    [
        # AWS omits MaxPasswordAge when passwords never expire; 0 means the same
        (None, NEVER.format(shown="not set", limit=90), "not set (never expire)"),
        (0, NEVER.format(shown=0, limit=90), "0 (never expire)"),
        (1, None, "1"),
        (89, None, "89"),
        (90, None, "90"),
        (91, "the password policy lets passwords live 91 days; at most 90 are allowed", "91"),
    ],
)
def test_max_age_at_the_threshold_and_either_side(
    max_age: int | None, found: str | None, shown: str
) -> None:
    policy = PasswordPolicy(exists=True, max_age_days=max_age)
    assert violations(expect_max_age, policy, 90, never_expire=NEVER) == (
        (found,) if found else (),
        {"MaxPasswordAge": shown},
    )


def test_no_policy_never_expires() -> None:
    assert violations(expect_max_age, NO_POLICY, 90, never_expire=NEVER) == (
        (
            "the account has no password policy, so passwords never expire;"
            " they must expire within 90 days",
        ),
        {"MaxPasswordAge": "not set (never expire)"},
    )
