"""Benchmark: the whole suite on the demo account in 1 region and in 17, over a slow network.

Runs every control (compliance_tests/) against the seeded demo account (the embedded moto
server, fixtures/demo/server.py) with ``BENCH_LATENCY_MS`` (default 50 ms) added to every
request by bench/latency_plugin.py, once with the account's regions set to us-east-1 and
once to the 17 commercial regions AWS enables by default. For each run prints the wall time
(s), the requests made in total, by service and by service and region, every request made
more than once (same service, region, operation and parameters: its method, URL and body),
and the peak RSS (MiB) of the pytest process, moto server thread included (``wait4`` of
that child), and CPU time. Targets (issue 7): 17 regions in under 2x the 1-region wall
time, no request made twice, peak RSS under 300 MiB. Last, both runs once more
against the same seeded moto server in a process of its own, for the suite's own wall
time, CPU and RSS (against AWS, serving the requests is not the suite's work).
Usage: ``.venv/bin/python -m bench.regions [latency_ms]``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.pytest_runs import COUNTS, OUTCOME, REPO

# The commercial regions enabled by default in every account (opt-in regions excluded).
DEFAULT_REGIONS = (
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "sa-east-1",
)
RSS_TARGET_MIB = 300
FAKE_AWS_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
}


@dataclass(frozen=True)
class RegionsRun:
    """One run of the suite: wall time (s), peak RSS (MiB), pytest's outcome line, the
    requests the run logged (dicts of bench/latency_plugin.RequestLog) and the report's
    counts of API calls and HTTP requests (retries included)."""

    regions: int
    wall: float
    cpu: float  # user + system seconds of the pytest process
    peak_rss_mib: float
    outcome: str
    api_calls: int
    http_requests: int
    requests: list[dict[str, str]]


def run_regions(
    regions: tuple[str, ...], folder: Path, latency_ms: str, moto_url: str | None = None
) -> RegionsRun:
    """The whole suite against the demo account checked in ``regions``, in a fresh
    interpreter whose output and request log go to ``folder``; with ``moto_url``, against
    the seeded moto server there (another process) instead of the embedded one."""
    accounts = folder / "accounts.toml"
    listed = ", ".join(f'"{region}"' for region in regions)
    where = f'endpoint_url = "{moto_url}"' if moto_url else "demo = true"
    accounts.write_text(
        f'[accounts.demo]\naccount_id = "123456789012"\n{where}\nregions = [{listed}]\n',
        encoding="utf-8",
    )
    log = folder / "requests.jsonl"
    output = folder / "pytest.out"
    env = {
        **os.environ,
        "BENCH_LATENCY_MS": latency_ms,
        "BENCH_REQUEST_LOG": str(log),
        "PYTHONPATH": str(REPO),
    }
    if moto_url:  # any key will do for moto; nothing of the user's AWS configuration
        env.update(FAKE_AWS_ENVIRONMENT, BENCH_MOTO_ELSEWHERE="1")
        env.pop("AWS_PROFILE", None)
    command = [
        sys.executable,
        "-m",
        "pytest",
        f"--accounts-file={accounts}",
        "--account",
        "demo",
        "-p",
        "bench.latency_plugin",
        "-p",
        "no:cacheprovider",
        f"--html={folder / 'bench.html'}",
        f"--junitxml={folder / 'bench.xml'}",
    ]
    started = time.perf_counter()
    with output.open("w", encoding="utf-8") as out:
        child = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        # wait4 gives this child's own peak RSS (KiB on Linux), not the largest of all children
        _, _, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = 0  # reaped above; keeps Popen from waiting for it again
    text = output.read_text(encoding="utf-8")
    counts = COUNTS.findall(text)
    outcome = OUTCOME.search(text)
    if not counts or outcome is None:
        sys.exit(f"unexpected output:\n{text[-3000:]}")
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return RegionsRun(
        regions=len(regions),
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss_mib=usage.ru_maxrss / 1024,
        outcome=outcome[1],
        api_calls=sum(int(api) for api, _ in counts),
        http_requests=sum(int(http) for _, http in counts),
        requests=[json.loads(line) for line in lines],
    )


def duplicates(requests: list[dict[str, str]]) -> list[tuple[dict[str, str], int]]:
    """Each request asked more than once (same service, region, operation and signature),
    with how many times, most repeated first."""
    key = ("service", "region", "operation", "signature")
    times = Counter(tuple(request[k] for k in key) for request in requests)
    first = {tuple(request[k] for k in key): request for request in reversed(requests)}
    return [(first[asked], count) for asked, count in times.most_common() if count > 1]


def report(run: RegionsRun) -> None:
    """Print one run's figures."""
    requests = run.requests
    print(
        f"{run.regions} region(s): {run.wall:.1f} s wall ({run.cpu:.1f} s CPU),"
        f" peak RSS {run.peak_rss_mib:.0f} MiB"
    )
    print(f"  outcome:  {run.outcome}")
    print(
        f"  requests: {len(requests)} (the report counts {run.api_calls} API calls,"
        f" {run.http_requests} HTTP requests)"
    )
    by_service = Counter(request["service"] for request in requests)
    print("  by service:")
    for service, count in sorted(by_service.items(), key=lambda item: (-item[1], item[0])):
        regions = Counter(r["region"] for r in requests if r["service"] == service)
        spread = (
            f"{len(regions)} regions, {min(regions.values())}-{max(regions.values())} each"
            if len(regions) > 1
            else next(iter(regions))
        )
        print(f"    {service:24} {count:6d}  ({spread})")
    by_region = Counter(request["region"] for request in requests)
    print("  by region: " + ", ".join(f"{region} {n}" for region, n in sorted(by_region.items())))
    repeated = duplicates(requests)
    extra = sum(count - 1 for _, count in repeated)
    print(f"  requests made more than once: {len(repeated)} ({extra} repeats)")
    for request, count in repeated:
        asked = request["request"].replace("\n", " ")
        print(
            f"    x{count} {request['service']} {request['region']} {request['operation']}: "
            f"{asked[:160]}"
        )


@contextmanager
def separate_moto() -> Iterator[str]:
    """The seeded demo moto server in a process of its own; yields its URL."""
    with moto_process() as (url, _):
        yield url


@contextmanager
def moto_process() -> Iterator[tuple[str, int]]:
    """The seeded demo moto server in a process of its own; yields its URL and pid."""
    code = (
        "import sys\n"
        "from fixtures.demo.server import DemoServer\n"
        "print(DemoServer().start(), flush=True)\n"
        "sys.stdin.read()\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        yield server.stdout.readline().strip(), server.pid
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    latency_ms = sys.argv[1] if len(sys.argv) > 1 else "50"
    print(f"the whole suite on the demo account, {latency_ms} ms per request")
    runs = []
    for regions in (DEFAULT_REGIONS[:1], DEFAULT_REGIONS):
        with tempfile.TemporaryDirectory() as folder:
            runs.append(run_regions(regions, Path(folder), latency_ms))
        report(runs[-1])
    one, many = runs
    # The same runs with moto in another process: the suite's own time and memory, as
    # against AWS, whose work is not the suite's (in-process, moto's CPU is counted too).
    alone_runs = []
    with separate_moto() as url:
        for regions in (DEFAULT_REGIONS[:1], DEFAULT_REGIONS):
            with tempfile.TemporaryDirectory() as folder:
                alone_runs.append(run_regions(regions, Path(folder), latency_ms, url))
    alone_one, alone = alone_runs
    repeats = sum(len(duplicates(run.requests)) for run in runs)
    peak = max(run.peak_rss_mib for run in runs)
    print("targets:")
    print(
        f"  {many.regions} regions / 1 region wall time: {many.wall / one.wall:.2f}x"
        f" (target < 2x; CPU time {many.cpu / one.cpu:.2f}x)"
    )
    print(f"  requests made more than once: {repeats} (target 0)")
    print(f"  peak RSS: {peak:.0f} MiB (target < {RSS_TARGET_MIB} MiB)")
    print(
        f"  the suite alone (moto in another process): 1 region {alone_one.wall:.1f} s wall"
        f" ({alone_one.cpu:.1f} s CPU), peak RSS {alone_one.peak_rss_mib:.0f} MiB;"
        f" {many.regions} regions {alone.wall:.1f} s wall ({alone.cpu:.1f} s CPU),"
        f" peak RSS {alone.peak_rss_mib:.0f} MiB: {alone.wall / alone_one.wall:.2f}x"
        f" ({alone.outcome})"
    )


if __name__ == "__main__":
    main()
