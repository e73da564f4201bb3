"""A pytest plugin for tests/test_fanout.py: what phase of the run the suite is in.

Loaded into a suite run (``-p tests.fanout_probe``) it sets ``PHASE`` to "setup" when the
first control's setup starts; before that, the run is in its collection (where the
prefetch fetches). Imported by the outer test first, so the inner run shares the module.
"""

from __future__ import annotations

import pytest

PHASE = ["collection"]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart() -> None:
    """A new run starts in its collection."""
    PHASE[0] = "collection"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup() -> None:
    """From the first control's setup on, a request is the control's own."""
    PHASE[0] = "setup"
