"""pytest plugin for benchmarks: each pytest process says what it cost, as one JSON line.

Load with ``-p bench.run_figures`` and set ``BENCH_FIGURES`` to a file path. At its end,
every pytest process of the run (an xdist controller and each worker) appends
``{"pid", "worker", "peak_rss_kib", "controls_peak_rss_kib", "resolved_rss_kib", "cpu_s",
"first_control_at"}``: its own peak resident memory (``VmHWM`` of /proc/self/status: this
process alone, not a moto server in another process), at the end and when the last
control had run (before the reports are made), its resident memory (``VmRSS``) once every
account was resolved and the controls collected (what accounts waiting their turn hold),
the CPU seconds of all its threads (user + system), and the wall-clock time (seconds since
the epoch) at which its first control started, for the run's start-up.
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path

import pytest

_PATH = os.environ.get("BENCH_FIGURES", "")
_first_control: list[float] = []
_controls_peak: list[int] = []
_resolved_rss: list[int | None] = []


def peak_rss_kib() -> int:
    """This process's peak resident set size in KiB (Linux's VmHWM)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux too


def rss_kib() -> int | None:
    """This process's resident set size now in KiB (Linux's VmRSS); None elsewhere."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_finish() -> None:
    # the accounts are resolved (pytest_configure) and the controls collected
    _resolved_rss.append(rss_kib())


def pytest_runtest_logstart() -> None:
    if not _first_control:
        _first_control.append(time.time())


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish() -> None:
    # before the reports are made: the peak of the controls' run alone
    _controls_peak.append(peak_rss_kib())


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if not _PATH:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    line = {
        "pid": os.getpid(),
        "worker": hasattr(config, "workerinput"),
        "peak_rss_kib": peak_rss_kib(),
        "controls_peak_rss_kib": _controls_peak[0] if _controls_peak else None,
        "resolved_rss_kib": _resolved_rss[0] if _resolved_rss else None,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "first_control_at": _first_control[0] if _first_control else None,
    }
    with Path(_PATH).open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
