"""Benchmark: many accounts in one run, in one process and spread over xdist workers.

Every account here is a name for the demo account (one embedded moto server per process),
each with its own session and data cache, as separate AWS accounts would have. Every
request waits BENCH_LATENCY_MS (default 50 ms) as if it crossed a WAN. For each worker
count, prints the API calls the run made (summed over accounts and processes), wall time
and the peak memory of the largest process.
Usage: ``.venv/bin/python bench/accounts_scale.py [accounts] [latency_ms] [workers ...]``
(defaults: 8 accounts, 50 ms, workers 0 and 2).
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COUNTS = re.compile(r"checked as \S+: (\d+) API calls, (\d+) HTTP requests")
OUTCOME = re.compile(r"=+ (.*) in [0-9.]+s")


def accounts_file(folder: Path, count: int) -> tuple[Path, list[str]]:
    """An accounts file naming the demo account ``count`` times."""
    names = [f"acct{number:03d}" for number in range(count)]
    path = folder / "accounts.toml"
    path.write_text(
        "".join(
            f'[accounts.{name}]\naccount_id = "123456789012"\ndemo = true\n'
            'regions = ["us-east-1"]\n\n'
            for name in names
        ),
        encoding="utf-8",
    )
    return path, names


def run(workers: int, latency_ms: str, folder: Path, count: int) -> tuple[float, int, int, str]:
    """Wall seconds, API calls, HTTP requests and pytest's outcome line of one run."""
    path, names = accounts_file(folder, count)
    env = {**os.environ, "BENCH_LATENCY_MS": latency_ms, "PYTHONPATH": str(REPO)}
    parallel = ["-n", str(workers)] if workers else []
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"--accounts-file={path}",
            *(arg for name in names for arg in ("--account", name)),
            *parallel,
            "-p",
            "bench.latency_plugin",
            "-p",
            "no:cacheprovider",
            f"--html={folder / f'{workers}.html'}",
            f"--junitxml={folder / f'{workers}.xml'}",
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
    if len(counts) != count or outcome is None:
        sys.exit(f"unexpected output:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    calls = sum(int(api) for api, _ in counts)
    requests = sum(int(http) for _, http in counts)
    return wall, calls, requests, outcome[1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    latency_ms = sys.argv[2] if len(sys.argv) > 2 else "50"
    worker_counts = [int(arg) for arg in sys.argv[3:]] or [0, 2]
    print(f"{count} accounts, {latency_ms} ms per request, every control")
    for workers in worker_counts:
        with tempfile.TemporaryDirectory() as folder:
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            wall, calls, requests, outcome = run(workers, latency_ms, Path(folder), count)
            peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        label = f"-n {workers}" if workers else "one process"
        print(
            f"  {label:12} {wall:6.1f} s  {calls:5d} API calls  {requests:5d} HTTP requests"
            f"  peak RSS {peak:.0f} MiB  ({outcome})"
        )


if __name__ == "__main__":
    main()
