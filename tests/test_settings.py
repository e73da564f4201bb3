"""Unit tests of fixtures/run/settings.py: types, checks and where a value came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.run.settings import (
    RunSettings,
    Setting,
    SettingsError,
    load_run_settings,
    regular_expression,
)

DAYS = Setting(90, "days")
NAMES = Setting((), "names")
FLAG = Setting(True, "flag")
PATTERN = Setting("^.*$", "pattern", check=regular_expression)


def run_settings(tmp_path: Path, text: str = "[settings]\n", *overrides: str) -> RunSettings:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return load_run_settings(path, required=True, overrides=list(overrides))


def test_defaults_apply_when_nothing_is_set(tmp_path: Path) -> None:
    settings = run_settings(tmp_path)

    assert settings.resolve("days", DAYS) == (90, "default")
    assert settings.resolve("names", NAMES) == ((), "default")


def test_file_values_and_their_source(tmp_path: Path) -> None:
    settings = run_settings(tmp_path, '[settings]\ndays = 30\nnames = ["a", "b"]\n')

    assert settings.resolve("days", DAYS) == (30, str(tmp_path / "settings.toml"))
    assert settings.resolve("names", NAMES)[0] == ("a", "b")


@pytest.mark.parametrize(
    ("override", "setting", "expected"),
    [("days=7", DAYS, 7), ("names=a, b", NAMES, ("a", "b")), ("flag=false", FLAG, False)],
)
def test_set_overrides_convert_from_text(
    tmp_path: Path, override: str, setting: Setting, expected: object
) -> None:
    settings = run_settings(tmp_path, "[settings]\n", override)

    assert settings.resolve(override.split("=")[0], setting) == (expected, "--set")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('days = "ninety"', "is not an integer"),
        ("days = true", "is not an integer"),
        ('flag = "yes"', "is not true or false"),
        ("names = [1]", "is not a list of strings"),
        ('pattern = "(["', "is not a valid regular expression"),
    ],
)
def test_wrong_values_are_refused(tmp_path: Path, text: str, message: str) -> None:
    settings = run_settings(tmp_path, f"[settings]\n{text}\n")
    declared = {"days": DAYS, "flag": FLAG, "names": NAMES, "pattern": PATTERN}

    with pytest.raises(SettingsError, match=message):
        settings.check_types(declared)


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("-1", False),
        ("0", True),
        ("1", True),
        ("36499", True),
        ("36500", True),
        ("36501", False),
        ("9" * 5000, False),  # past what Python reads as a number
        ("-" + "9" * 5000, False),
    ],
)
def test_integer_settings_are_whole_numbers_within_their_bounds(
    tmp_path: Path, value: str, accepted: bool
) -> None:
    settings = run_settings(tmp_path, "[settings]\n", f"days={value}")

    if accepted:
        assert settings.resolve("days", DAYS) == (int(value), "--set")
    else:
        with pytest.raises(SettingsError, match=f"{value[:20]} is out of range.* 0 to 36500"):
            settings.check_types({"days": DAYS})


@pytest.mark.parametrize(("value", "accepted"), [(0, False), (1, True), (24, True), (25, False)])
def test_a_settings_own_bounds_apply_at_both_ends(
    tmp_path: Path, value: int, accepted: bool
) -> None:
    reuse = Setting(24, "earlier passwords refused", bounds=(1, 24))
    settings = run_settings(tmp_path, f"[settings]\nreuse = {value}\n")

    if accepted:
        assert settings.resolve("reuse", reuse) == (value, str(tmp_path / "settings.toml"))
    else:
        with pytest.raises(SettingsError, match="from 1 to 24"):
            settings.check_types({"reuse": reuse})


def test_unknown_names_are_refused(tmp_path: Path) -> None:
    settings = run_settings(tmp_path, "[settings]\ndais = 3\n")

    with pytest.raises(SettingsError, match="unknown setting"):
        settings.check_names({"days": DAYS})


def test_malformed_set_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="expected NAME=VALUE"):
        run_settings(tmp_path, "[settings]\n", "days")
