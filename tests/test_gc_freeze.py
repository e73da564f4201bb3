"""The garbage collector around a run: freezing what a run leaves (fixtures/plugin.py)
never keeps from pytest's unraisable-exception check the garbage the run leaves, and
what the suite freezes is unfrozen once the run's config is done with (pytester runs
many in one process)."""

from __future__ import annotations

import gc

import pytest

CONFTEST = """
from pathlib import Path


class Cycle:
    def __init__(self):
        self.me = self  # freed by the garbage collector only

    def __del__(self):
        Path(__file__).with_name("finalized").write_text("yes")
        raise RuntimeError("a finalizer raised")


def pytest_sessionfinish():
    Cycle()
"""


def test_garbage_left_at_the_end_is_checked_within_the_run(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile("def test_nothing():\n    pass\n")

    # A process of its own: pytester's in-process runs skip pytest's collections.
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-W", "error::pytest.PytestUnraisableExceptionWarning"
    )

    assert (pytester.path / "finalized").read_text() == "yes"
    assert "RuntimeError: a finalizer raised" in result.stdout.str() + result.stderr.str()


def test_a_run_leaves_nothing_frozen(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing():\n    pass\n")

    result = pytester.runpytest("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1)
    assert gc.get_freeze_count() == 0
