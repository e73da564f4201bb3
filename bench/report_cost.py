"""Benchmark: what a run's evidence costs, at its end and in memory, as accounts grow.

Runs the suite over N names for the demo account (2 regions each; bench/accounts_scale.py
makes the same kind of file), no added latency, each N in a fresh interpreter, and prints
for each: wall time, CPU seconds (user + system) and peak RSS of that pytest process
(``os.wait4``; in brackets, its peak when the last control had run), and the seconds from
the start of ``pytest_sessionfinish`` (the last control has run) to the process's exit:
the report writers (pytest-html, JUnit, run record, CSV, OCSF, ASFF), the terminal summary,
the unconfigure hooks and, shown apart, the interpreter's shutdown; and the CPU seconds of
those hooks alone (the machine's load does not change them).

Usage: ``.venv/bin/python -m bench.report_cost [N ...]`` (default: 1 20).
``BENCH_PROFILE=DIR`` also writes, for each N, ``DIR/end-N.pstats`` (cProfile of the end
of the run: from ``pytest_sessionfinish`` to ``pytest_unconfigure``) and ``DIR/memory-N.txt``
(with ``BENCH_TRACEMALLOC=1``: tracemalloc's 25 largest allocation sites still held when
``pytest_sessionfinish`` starts, and at its end) and ``DIR/exit-N.txt`` (every thread's
stack every 2 s while the interpreter shuts down). tracemalloc slows the run several
times: its wall and CPU figures are not the run's.

Loaded into the run as a plugin (``-p bench.report_cost``) it notes those times.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from bench.accounts_scale import accounts_file

REPO = Path(__file__).resolve().parent.parent
_END_FILE = "BENCH_END_FILE"  # where the plugin writes when the run's end started
_PROFILE = "BENCH_PROFILE"


def measure(count: int, folder: Path, profile: str) -> dict[str, Any]:
    """One run of ``count`` accounts: wall s, CPU s, peak RSS MiB, end s, exit s, status,
    and the sizes of the files it wrote (bytes)."""
    path, names = accounts_file(folder, count, ("us-east-1", "eu-west-1"))
    end_file = folder / "end.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO), _END_FILE: str(end_file)}
    env.pop("CI", None)
    if profile:
        env[_PROFILE] = profile
        env["BENCH_COUNT"] = str(count)
    reports = folder / "reports"
    args = [
        sys.executable,
        "-m",
        "pytest",
        f"--accounts-file={path}",
        *(a for n in names for a in ("--account", n)),
        "-p",
        "bench.report_cost",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--html={reports / 'run.html'}",
    ]
    started = time.time()
    child = subprocess.Popen(
        args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    ended = time.time()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        sys.exit(f"exit {child.returncode}:\n{output.decode(errors='replace')[-3000:]}")
    end_started, peak_before, cpu_before, unconfigured, cpu_after = (
        float(t) for t in end_file.read_text(encoding="utf-8").split()
    )
    sizes = {p.name.removeprefix("run"): p.stat().st_size for p in sorted(reports.iterdir())}
    return {
        "wall": ended - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak": usage.ru_maxrss / 1024,  # KiB on Linux
        "peak_before": peak_before / 1024,  # when the last control had run
        "end": ended - end_started,
        "end_cpu": cpu_after - cpu_before,  # the end's hooks, not the shutdown
        "exit": ended - unconfigured,  # the interpreter's shutdown: freeing what is left
        "status": child.returncode,
        "sizes": sizes,
    }


def main() -> None:
    counts = [int(arg) for arg in sys.argv[1:]] or [1, 20]
    profile = os.environ.get(_PROFILE, "")
    if profile:
        Path(profile).mkdir(parents=True, exist_ok=True)
    print(
        "accounts  wall s   CPU s  peak RSS MiB (before the end)  after last control s"
        " (of it, exit s)  end hooks CPU s  status  files (MB)"
    )
    for count in counts:
        with tempfile.TemporaryDirectory() as folder:
            run = measure(count, Path(folder), profile)
        files = ", ".join(f"{name} {size / 1e6:.1f}" for name, size in run["sizes"].items())
        print(
            f"{count:8d} {run['wall']:7.1f} {run['cpu']:7.1f} {run['peak']:13.0f}"
            f" ({run['peak_before']:.0f})"
            f" {run['end']:21.1f} {run['exit']:15.1f} {run['end_cpu']:15.1f}"
            f" {run['status']:7d}  {files}",
            flush=True,
        )


# --- the plugin side: loaded into the pytest run with -p bench.report_cost ---------------

_profiler: Any = None


@pytest.hookimpl(wrapper=True, tryfirst=True)  # outermost: before any other sessionfinish
def pytest_sessionfinish(session: pytest.Session) -> Generator[None, None, None]:
    where = os.environ.get(_END_FILE)
    if where:  # when, the peak RSS so far (KiB) and the CPU seconds so far
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime
        Path(where).write_text(f"{time.time()!r} {usage.ru_maxrss} {cpu!r}", encoding="utf-8")
    folder = os.environ.get(_PROFILE)
    if folder:
        global _profiler
        import cProfile
        import tracemalloc

        if tracemalloc.is_tracing():
            _memory_top(folder, "at the start of pytest_sessionfinish", "w")
        _profiler = cProfile.Profile()
        _profiler.enable()
    return (yield)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    where = os.environ.get(_END_FILE)
    if where:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        with Path(where).open("a", encoding="utf-8") as out:
            out.write(f"\n{time.time()!r} {usage.ru_utime + usage.ru_stime!r}")
    folder = os.environ.get(_PROFILE)
    if folder:  # what the interpreter does while it shuts down, every 2 s
        import faulthandler

        stacks = Path(folder) / f"exit-{os.environ.get('BENCH_COUNT', 'n')}.txt"
        faulthandler.dump_traceback_later(2, repeat=True, file=stacks.open("w"))
    if folder and _profiler is not None:
        import tracemalloc

        _profiler.disable()
        _profiler.dump_stats(f"{folder}/end-{os.environ.get('BENCH_COUNT', 'n')}.pstats")
        if tracemalloc.is_tracing():
            _memory_top(folder, "at pytest_unconfigure", "a")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get(_PROFILE) and os.environ.get("BENCH_TRACEMALLOC"):
        import tracemalloc

        tracemalloc.start(8)


def _memory_top(folder: str, when: str, mode: str) -> None:
    import tracemalloc

    snapshot = tracemalloc.take_snapshot()
    current, peak = tracemalloc.get_traced_memory()
    path = Path(folder) / f"memory-{os.environ.get('BENCH_COUNT', 'n')}.txt"
    with path.open(mode, encoding="utf-8") as out:
        out.write(f"== {when}: traced {current / 2**20:.0f} MiB, peak {peak / 2**20:.0f} MiB\n")
        for stat in snapshot.statistics("traceback")[:25]:
            out.write(f"{stat.size / 2**20:8.1f} MiB {stat.count:8d} blocks\n")
            for line in stat.traceback.format(limit=8):
                out.write(f"    {line}\n")


if __name__ == "__main__":
    main()
