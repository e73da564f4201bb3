"""Benchmark: the demo run, end to end, as a user starts it.

Runs ``pytest --account demo`` in a fresh interpreter several times and prints the AWS
requests made, wall time and peak memory (max RSS). Usage: ``make bench`` or
``.venv/bin/python -m bench.demo_run [runs]``.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
from pathlib import Path

from bench.pytest_runs import run_suite


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as folder:
        results = [run_suite(["--account", "demo"], Path(folder)) for _ in range(runs)]
    walls = [result.wall for result in results]
    last = results[-1]
    # ru_maxrss of children is in KiB on Linux: the largest of the runs.
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"demo run x{runs}: exit code {last.exit_code} (1 expected: the demo has violations)")
    print(f"  outcome:            {last.outcome}")
    print(f"  AWS API calls:      {last.api_calls}")
    print(f"  HTTP requests:      {last.http_requests}")
    print(f"  wall time median:   {statistics.median(walls):.2f} s (min {min(walls):.2f} s)")
    print(f"  peak memory (RSS):  {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
