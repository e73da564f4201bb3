"""pytest plugin for benchmarks: when each phase of a run starts and ends.

Load with ``-p bench.phases_plugin`` and set ``BENCH_PHASES_FILE`` to a file path: the
run's controller (not an xdist worker) appends one JSON line ``{"event": NAME, "at":
SECONDS}`` per event, ``at`` from ``time.time()`` (wall clock, seconds since the epoch, so
the caller can put its own start and end beside them). Events, in order: ``imported``
(pytest and the plugins loaded, options not yet parsed), ``configure`` and ``configured``
(around every plugin's ``pytest_configure``; the suite resolves its accounts there and
waits for the demo server), ``collected``, ``first_test``, ``last_test`` (the last
teardown's end), ``session_finish`` and ``session_finished`` (around the reports and the
terminal summary written at the end), ``unconfigure`` and ``unconfigured`` (around every plugin's
``pytest_unconfigure``; the suite stops the demo server there) and ``exit`` (the last
atexit handler to run).
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections.abc import Generator
from pathlib import Path

import pytest

_FILE = os.environ.get("BENCH_PHASES_FILE", "")
_events: list[tuple[str, float, float]] = []
_worker = False


def _mark(event: str) -> None:
    if _FILE and not _worker:
        _events.append((event, time.time(), time.process_time()))


def _write() -> None:
    _mark("exit")
    if _FILE and not _worker:
        with Path(_FILE).open("a", encoding="utf-8") as out:
            for event, at, cpu in _events:
                out.write(json.dumps({"event": event, "at": at, "cpu": cpu}) + "\n")


# Registered first, so it runs last: atexit runs its handlers in reverse order.
atexit.register(_write)
_mark("imported")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    global _worker
    _worker = hasattr(config, "workerinput")
    _mark("configure")  # options parsed; every plugin's pytest_configure follows


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    _mark("configured")  # the first hook after every plugin's pytest_configure


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    _mark("collected")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None]:
    if not any(event == "first_test" for event, _, _ in _events):
        _mark("first_test")
    yield
    _events[:] = [entry for entry in _events if entry[0] != "last_test"]
    _mark("last_test")


@pytest.hookimpl(hookwrapper=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None]:
    _mark("session_finish")
    yield
    _mark("session_finished")


@pytest.hookimpl(hookwrapper=True)
def pytest_unconfigure(config: pytest.Config) -> Generator[None]:
    _mark("unconfigure")
    yield
    _mark("unconfigured")
