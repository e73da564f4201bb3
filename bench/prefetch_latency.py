"""Benchmark: the demo run with simulated AWS latency, data fetched lazily vs prefetched.

Every request sleeps BENCH_LATENCY_MS (default 50 ms, a cross-region round trip) before it
is sent. Prints requests, wall time and peak memory for prefetch_workers=0 (each control
fetches what it needs when it runs) and the default pool.
Usage: ``.venv/bin/python -m bench.prefetch_latency [latency_ms]``.
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path

from bench.pytest_runs import run_suite


def main() -> None:
    latency_ms = sys.argv[1] if len(sys.argv) > 1 else "50"
    print(f"demo run, {latency_ms} ms added to every AWS request")
    with tempfile.TemporaryDirectory() as folder:
        for label, workers in (("lazy (prefetch_workers=0)", "0"), ("prefetched (16)", "16")):
            args = ["--account", "demo", "-o", f"prefetch_workers={workers}"]
            run = run_suite(args, Path(folder), latency_ms)
            print(
                f"  {label:26} {run.wall:6.2f} s  {run.api_calls} API calls,"
                f" {run.http_requests} HTTP requests; {run.outcome}"
            )
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"  peak memory (RSS) of the largest run: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
