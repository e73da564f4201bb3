"""Benchmark: the demo run, end to end, as a user starts it.

Runs ``pytest --account demo`` in a fresh interpreter several times and prints the AWS
requests made, wall time and peak memory (max RSS). Usage: ``make bench`` or
``.venv/bin/python bench/demo_run.py [runs]``.
"""

from __future__ import annotations

import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COUNTS = re.compile(r"checked as \S+: (\d+) API calls, (\d+) HTTP requests")


def one_run(report_dir: Path) -> tuple[float, int, int, int]:
    """Wall seconds, API calls, HTTP requests and exit code of one demo run."""
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--account",
            "demo",
            "-p",
            "no:cacheprovider",
            f"--html={report_dir / 'bench.html'}",
            f"--junitxml={report_dir / 'bench.xml'}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    match = COUNTS.search(completed.stdout)
    if match is None:
        sys.exit(f"demo run printed no request counts:\n{completed.stdout}\n{completed.stderr}")
    return wall, int(match[1]), int(match[2]), completed.returncode


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as folder:
        results = [one_run(Path(folder)) for _ in range(runs)]
    walls = [wall for wall, *_ in results]
    _, api_calls, http_requests, exit_code = results[-1]
    # ru_maxrss of children is in KiB on Linux: the largest of the runs.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"demo run x{runs}: exit code {exit_code} (1 expected: the demo has violations)")
    print(f"  AWS API calls:      {api_calls}")
    print(f"  HTTP requests:      {http_requests}")
    print(f"  wall time median:   {statistics.median(walls):.2f} s (min {min(walls):.2f} s)")
    print(f"  peak memory (RSS):  {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
