"""Benchmark: the demo run, end to end, as a user starts it.

Runs ``pytest --account demo`` in a fresh interpreter several times and prints the AWS
requests made, wall time, CPU time (user + system of pytest and the processes it waited
for, the demo server among them), peak memory (max RSS of the largest process) and where
the wall time went (bench/phases_plugin.py), with the machine's load average before and
after: other work on the machine slows every figure. Usage: ``make bench`` or
``.venv/bin/python -m bench.demo_run [runs]``.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.pytest_runs import SuiteRun, run_suite

# Phase name, the event it starts at and the event it ends at (bench/phases_plugin.py);
# "start" is when the benchmark started the interpreter, "end" when it had exited.
PHASES = (
    ("start-up (python, pytest)", "start", "imported"),
    ("plugins, options", "imported", "configure"),
    ("configure (accounts, demo)", "configure", "configured"),
    ("collection", "configured", "collected"),
    ("waiting for the first control", "collected", "first_test"),  # the prefetch
    ("controls", "first_test", "last_test"),
    ("reports, summary", "session_finish", "unconfigure"),
    ("unconfigure", "unconfigure", "unconfigured"),
    ("exit", "unconfigured", "end"),
)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _one_run(folder: Path) -> tuple[SuiteRun, float, dict[str, float], dict[str, float]]:
    """One demo run: its figures, its CPU seconds, its events (seconds since start) and the
    pytest process's CPU seconds at each event."""
    phases = folder / "phases.jsonl"
    phases.unlink(missing_ok=True)
    os.environ["BENCH_PHASES_FILE"] = str(phases)
    cpu = _cpu_seconds()
    started = time.time()
    run = run_suite(["--account", "demo", "-p", "bench.phases_plugin"], folder)
    ended = time.time()
    events = {"start": 0.0, "end": ended - started}
    cpus = {"start": 0.0}
    for line in phases.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        events[event["event"]] = event["at"] - started
        cpus[event["event"]] = event["cpu"]
    return run, _cpu_seconds() - cpu, events, cpus


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        results = [_one_run(Path(folder)) for _ in range(runs)]
    load_after = os.getloadavg()
    walls = [run.wall for run, _, _, _ in results]
    cpus = [cpu for _, cpu, _, _ in results]
    last = results[-1][0]
    # ru_maxrss of children is in KiB on Linux: the largest of the runs.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"demo run x{runs}: exit code {last.exit_code} (1 expected: the demo has violations)")
    print(f"  outcome:            {last.outcome}")
    print(f"  AWS API calls:      {last.api_calls}")
    print(f"  HTTP requests:      {last.http_requests}")
    print(f"  wall time median:   {statistics.median(walls):.2f} s (min {min(walls):.2f} s)")
    print(f"  CPU time median:    {statistics.median(cpus):.2f} s (user + system, all processes)")
    print(f"  peak memory (RSS):  {peak_mib:.0f} MiB")
    # Without bytecode caches every run compiles the suite's modules and pytest rewrites
    # every control's asserts again (~0.25 s); a user's machine writes them on the first run.
    cached = "not written (PYTHONDONTWRITEBYTECODE)" if sys.dont_write_bytecode else "written"
    print(f"  bytecode caches:    {cached}")
    print(f"  load average:       {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min)")
    print("  phases, median s:              wall  pytest's CPU")
    for name, begin, end in PHASES:
        spans = [e[end] - e[begin] for _, _, e, _ in results if {begin, end} <= {*e}]
        spent = [c[end] - c[begin] for _, _, _, c in results if {begin, end} <= {*c}]
        if spans:
            cpu = f"{statistics.median(spent):6.2f}" if spent else "     -"
            print(f"    {name:<30} {statistics.median(spans):6.2f} {cpu}")


if __name__ == "__main__":
    main()
