"""Benchmark: many accounts in one run, in one process and spread over xdist workers.

Every account here is a name for the demo account (one embedded moto server per process),
each with its own session and data cache, as separate AWS accounts would have. Every
request waits BENCH_LATENCY_MS (default 50 ms) as if it crossed a WAN. For each worker
count, prints the API calls the run made (summed over accounts and processes), wall time,
the CPU seconds of every process of the run (user + system) and the peak memory of the
largest process.
Usage: ``.venv/bin/python -m bench.accounts_scale [accounts] [latency_ms] [workers ...]``
(defaults: 8 accounts, 50 ms, workers 0 and 2).
"""

from __future__ import annotations

import resource
import sys
import tempfile
from pathlib import Path

from bench.pytest_runs import run_suite


def accounts_file(
    folder: Path, count: int, regions: tuple[str, ...] = ("us-east-1",)
) -> tuple[Path, list[str]]:
    """An accounts file naming the demo account ``count`` times, in ``regions``."""
    names = [f"acct{number:03d}" for number in range(count)]
    path = folder / "accounts.toml"
    listed = ", ".join(f'"{region}"' for region in regions)
    path.write_text(
        "".join(
            f'[accounts.{name}]\naccount_id = "123456789012"\ndemo = true\nregions = [{listed}]\n\n'
            for name in names
        ),
        encoding="utf-8",
    )
    return path, names


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    latency_ms = sys.argv[2] if len(sys.argv) > 2 else "50"
    worker_counts = [int(arg) for arg in sys.argv[3:]] or [0, 2]
    print(f"{count} accounts, {latency_ms} ms per request, every control")
    for workers in worker_counts:
        with tempfile.TemporaryDirectory() as folder:
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
            path, names = accounts_file(Path(folder), count)
            args = [f"--accounts-file={path}", *(a for n in names for a in ("--account", n))]
            run = run_suite(
                [*args, *(["-n", str(workers)] if workers else [])], Path(folder), latency_ms
            )
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            # Children's peak RSS is the largest any child reached: a later, smaller run
            # shows the earlier run's figure. Run one worker count per call to compare.
            peak = max(before, usage.ru_maxrss) / 1024
            cpu = usage.ru_utime + usage.ru_stime - cpu_before
        label = f"-n {workers}" if workers else "one process"
        print(
            f"  {label:12} {run.wall:6.1f} s wall  {cpu:6.1f} s CPU  {run.api_calls:5d} API calls"
            f"  {run.http_requests:5d} HTTP requests  peak RSS {peak:.0f} MiB  ({run.outcome})"
        )


if __name__ == "__main__":
    main()
