"""Benchmark: the demo run with simulated AWS latency, data fetched lazily vs prefetched.

Every request sleeps BENCH_LATENCY_MS (default 50 ms, a cross-region round trip) before it
is sent. Prints requests, wall time and peak memory for prefetch_workers=0 (each control
fetches what it needs when it runs) and the default pool.
Usage: ``.venv/bin/python bench/prefetch_latency.py [latency_ms]``.
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


def run(workers: str, latency_ms: str, folder: Path) -> tuple[float, str, str]:
    """Wall seconds, request counts and pytest's outcome line of one demo run."""
    env = {**os.environ, "BENCH_LATENCY_MS": latency_ms, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--account",
            "demo",
            "-p",
            "bench.latency_plugin",
            "-p",
            "no:cacheprovider",
            "-o",
            f"prefetch_workers={workers}",
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
    counts = COUNTS.search(completed.stdout)
    outcome = OUTCOME.search(completed.stdout)
    if counts is None or outcome is None:
        sys.exit(f"unexpected output:\n{completed.stdout}\n{completed.stderr}")
    return wall, f"{counts[1]} API calls, {counts[2]} HTTP requests", outcome[1]


def main() -> None:
    latency_ms = sys.argv[1] if len(sys.argv) > 1 else "50"
    print(f"demo run, {latency_ms} ms added to every AWS request")
    with tempfile.TemporaryDirectory() as folder:
        for label, workers in (("lazy (prefetch_workers=0)", "0"), ("prefetched (16)", "16")):
            wall, counts, outcome = run(workers, latency_ms, Path(folder))
            print(f"  {label:26} {wall:6.2f} s  {counts}; {outcome}")
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak memory (RSS) of the largest run: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
