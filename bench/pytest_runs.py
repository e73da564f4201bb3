"""What the benchmarks share: one suite run in a fresh interpreter, timed, and its figures."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COUNTS = re.compile(r"checked as \S+: (\d+) API calls, (\d+) HTTP requests")
OUTCOME = re.compile(r"=+ (.*) in [0-9.]+s")


@dataclass(frozen=True)
class SuiteRun:
    """Wall time, AWS requests summed over the accounts, pytest's outcome line, exit code."""

    wall: float
    api_calls: int
    http_requests: int
    outcome: str
    exit_code: int


def run_suite(args: list[str], folder: Path, latency_ms: str = "0") -> SuiteRun:
    """``pytest ARGS`` from the repo root, reports in ``folder``; every request waits
    ``latency_ms`` (bench/latency_plugin.py)."""
    env = {**os.environ, "BENCH_LATENCY_MS": latency_ms, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *args,
            "-p",
            "bench.latency_plugin",
            "-p",
            "no:cacheprovider",
            f"--html={folder / 'bench.html'}",
            f"--junitxml={folder / 'bench.xml'}",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    counts = COUNTS.findall(completed.stdout)
    outcome = OUTCOME.search(completed.stdout)
    if not counts or outcome is None:
        sys.exit(f"unexpected output:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    return SuiteRun(
        wall=wall,
        api_calls=sum(int(api) for api, _ in counts),
        http_requests=sum(int(http) for _, http in counts),
        outcome=outcome[1],
        exit_code=completed.returncode,
    )
