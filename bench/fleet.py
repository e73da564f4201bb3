"""Benchmark: a fleet of 1, 10 and 100 accounts in one run, over a slow network.

Every account is a name for the seeded demo account, served by one moto server in a
process of its own (bench/regions.py ``moto_process``), so that the pytest process's
memory and CPU are the suite's alone; each account has its own session and data, as
separate AWS accounts would. Regions: us-east-1 and eu-west-1; every control; 50 ms
(``BENCH_LATENCY_MS``) added to every request (bench/latency_plugin.py).

For each count, side by side: wall time, API calls and HTTP requests, the peak RSS of
the pytest process (bench/run_figures.py: its own VmHWM, not moto's; at the end, and when
the last control had run, before the reports were made), its RSS once every account was
resolved and the controls collected (what the accounts waiting their turn hold), CPU seconds
of the pytest process in total and per account, moto's CPU seconds, the start-up (until the
first control starts), the floor and wall / floor. The floor is what no schedule can beat on
this machine: start-up + max(requests x latency / requests in flight, CPU / cores), with the
CPU of the suite and of the moto server (both need the machine's cores).

Targets (issue 10): 100 accounts' peak RSS under 2x one account's; wall within 3x the floor.
Usage: ``.venv/bin/python -m bench.fleet [count ...] [--latency MS] [-- pytest args]``
(default counts 1 10 100; e.g. ``-- -n 2`` spreads them over two xdist workers).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.pytest_runs import COUNTS, OUTCOME, REPO
from bench.regions import FAKE_AWS_ENVIRONMENT, moto_process
from fixtures.run.request_slots import DEFAULT_REQUESTS_IN_FLIGHT

REGIONS = ("us-east-1", "eu-west-1")
RSS_TARGET = 2.0  # 100 accounts' peak RSS / one account's, below
FLOOR_TARGET = 3.0  # wall / floor, at most


@dataclass(frozen=True)
class FleetRun:
    """One run over ``accounts`` accounts: seconds, requests, MiB, pytest's outcome."""

    accounts: int
    wall: float
    startup: float  # until the first control started
    api_calls: int
    http_requests: int
    peak_rss_mib: float  # the largest pytest process's peak (controller or worker)
    controls_peak_rss_mib: float  # the same when the last control had run (before reports)
    resolved_rss_mib: float  # RSS once the accounts were resolved and controls collected
    cpu: float  # pytest processes, user + system
    moto_cpu: float
    outcome: str
    unlike: tuple[str, ...] = ()  # how accounts' verdicts differ from the first account's

    def floor(self, latency_s: float, in_flight: int) -> float:
        """start-up + max(requests x latency / in flight, CPU / cores)."""
        waiting = self.http_requests * latency_s / in_flight
        computing = (self.cpu + self.moto_cpu) / (os.cpu_count() or 1)
        return self.startup + max(waiting, computing)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a live process has used (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_fleet(count: int, moto: tuple[str, int], latency_ms: str, extra: list[str]) -> FleetRun:
    """The whole suite over ``count`` names of the demo account at ``moto`` (url, pid)."""
    url, moto_pid = moto
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        names = [f"acct{number:03d}" for number in range(count)]
        listed = ", ".join(f'"{region}"' for region in REGIONS)
        (folder / "accounts.toml").write_text(
            "".join(
                f'[accounts.{n}]\naccount_id = "123456789012"\nendpoint_url = "{url}"\n'
                f"regions = [{listed}]\n\n"
                for n in names
            ),
            encoding="utf-8",
        )
        figures = folder / "figures.jsonl"
        env = {
            **os.environ,
            **FAKE_AWS_ENVIRONMENT,
            "BENCH_MOTO_ELSEWHERE": "1",
            "BENCH_LATENCY_MS": latency_ms,
            "BENCH_FIGURES": str(figures),
            "PYTHONPATH": str(REPO),
        }
        env.pop("AWS_PROFILE", None)
        command = [
            sys.executable,
            "-m",
            "pytest",
            f"--accounts-file={folder / 'accounts.toml'}",
            *(arg for n in names for arg in ("--account", n)),
            "-p",
            "bench.latency_plugin",
            "-p",
            "bench.run_figures",
            "-p",
            "no:cacheprovider",
            f"--html={folder / 'fleet.html'}",
            f"--junitxml={folder / 'fleet.xml'}",
            f"--run-record={folder / 'fleet.json'}",
            *extra,
        ]
        moto_before = cpu_seconds(moto_pid)
        started = time.time()
        completed = subprocess.run(
            command, cwd=REPO, env=env, capture_output=True, text=True, check=False
        )
        wall = time.time() - started
        moto_cpu = cpu_seconds(moto_pid) - moto_before
        text = completed.stdout
        counts = COUNTS.findall(text)
        outcome = OUTCOME.search(text)
        lines = figures.read_text(encoding="utf-8").splitlines() if figures.exists() else []
        if not counts or outcome is None or not lines:
            sys.exit(f"unexpected output:\n{text[-3000:]}\n{completed.stderr[-3000:]}")
        processes = [json.loads(line) for line in lines]
        firsts = [p["first_control_at"] for p in processes if p["first_control_at"]]
        unlike = unlike_verdicts(folder / "fleet.json")
    return FleetRun(
        accounts=count,
        wall=wall,
        startup=(min(firsts) - started) if firsts else wall,
        api_calls=sum(int(api) for api, _ in counts),
        http_requests=sum(int(http) for _, http in counts),
        peak_rss_mib=max(p["peak_rss_kib"] for p in processes) / 1024,
        controls_peak_rss_mib=max(p["controls_peak_rss_kib"] or 0 for p in processes) / 1024,
        resolved_rss_mib=max(p["resolved_rss_kib"] or 0 for p in processes) / 1024,
        cpu=sum(p["cpu_s"] for p in processes),
        moto_cpu=moto_cpu,
        outcome=outcome[1],
        unlike=unlike,
    )


def unlike_verdicts(record_path: Path) -> tuple[str, ...]:
    """Every account is the same demo account, so each must have the first account's
    verdicts: one line per (control, region) result that differs, with its reason (a
    fleet that judges the same account differently, e.g. under load, is a defect)."""
    record = json.loads(record_path.read_text(encoding="utf-8"))
    by_account: dict[str, dict[tuple[str, str], tuple[str, str]]] = {}
    for result in record["results"]:
        by_account.setdefault(result["account"], {})[result["control"], result["region"]] = (
            result["verdict"],
            result["reason"],
        )
    accounts = list(by_account)
    first = by_account[accounts[0]] if accounts else {}
    unlike = []
    for name in accounts[1:]:
        for key, (verdict, reason) in by_account[name].items():
            expected = first.get(key, ("no result", ""))[0]
            if verdict != expected:
                control, region = key
                unlike.append(
                    f"{name} {control} {region}: {verdict}, not {expected}: {reason[:200]}"
                )
    return tuple(unlike)


def report(runs: list[FleetRun], latency_ms: str, in_flight: int) -> None:
    """Print the runs side by side, and the issue's targets."""
    latency = int(latency_ms) / 1000
    rows = [
        ("wall (s)", [f"{r.wall:.1f}" for r in runs]),
        ("start-up (s)", [f"{r.startup:.1f}" for r in runs]),
        ("API calls", [str(r.api_calls) for r in runs]),
        ("HTTP requests", [str(r.http_requests) for r in runs]),
        ("peak RSS, pytest (MiB)", [f"{r.peak_rss_mib:.0f}" for r in runs]),
        ("  until the last control", [f"{r.controls_peak_rss_mib:.0f}" for r in runs]),
        ("RSS once resolved (MiB)", [f"{r.resolved_rss_mib:.0f}" for r in runs]),
        ("CPU, pytest (s)", [f"{r.cpu:.1f}" for r in runs]),
        ("CPU per account (s)", [f"{r.cpu / r.accounts:.2f}" for r in runs]),
        ("CPU, moto server (s)", [f"{r.moto_cpu:.1f}" for r in runs]),
        ("floor (s)", [f"{r.floor(latency, in_flight):.1f}" for r in runs]),
        ("wall / floor", [f"{r.wall / r.floor(latency, in_flight):.2f}" for r in runs]),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'accounts':{width}}" + "".join(f"{r.accounts:>10}" for r in runs))
    for label, cells in rows:
        print(f"{label:{width}}" + "".join(f"{cell:>10}" for cell in cells))
    for run in runs:
        print(f"  {run.accounts} account(s): {run.outcome}")
        print(f"    results unlike the first account's: {len(run.unlike)}")
        for line in run.unlike[:20]:
            print(f"      {line}")
    one = next((r for r in runs if r.accounts == 1), None)
    most = max(runs, key=lambda r: r.accounts)
    if one is not None and most is not one:
        ratio = most.peak_rss_mib / one.peak_rss_mib
        verdict = "met" if ratio < RSS_TARGET else "NOT met"
        print(
            f"peak RSS, {most.accounts} accounts / 1 account: {ratio:.2f}"
            f" (target under {RSS_TARGET:g}: {verdict}); until the last control:"
            f" {most.controls_peak_rss_mib / one.controls_peak_rss_mib:.2f}"
        )
    ratio = most.wall / most.floor(latency, in_flight)
    verdict = "met" if ratio <= FLOOR_TARGET else "NOT met"
    print(
        f"wall / floor, {most.accounts} accounts: {ratio:.2f}"
        f" (target at most {FLOOR_TARGET:g}: {verdict})"
    )


def main() -> None:
    args = sys.argv[1:]
    extra = args[args.index("--") + 1 :] if "--" in args else []
    args = args[: args.index("--")] if "--" in args else args
    latency_ms = "50"
    if "--latency" in args:
        at = args.index("--latency")
        latency_ms = args[at + 1]
        del args[at : at + 2]
    counts = [int(arg) for arg in args] or [1, 10, 100]
    in_flight = DEFAULT_REQUESTS_IN_FLIGHT
    for arg in extra:
        if arg.startswith("requests_in_flight="):
            in_flight = int(arg.split("=", 1)[1])
    print(
        f"fleet: {', '.join(map(str, counts))} accounts; regions {', '.join(REGIONS)};"
        f" every control; {latency_ms} ms per request; {in_flight} requests in flight;"
        f" {os.cpu_count()} cores"
    )
    runs = []
    with moto_process() as moto:
        for count in counts:
            runs.append(run_fleet(count, moto, latency_ms, extra))
            print(f"  {count} account(s) done: {runs[-1].wall:.1f} s", flush=True)
    report(runs, latency_ms, in_flight)


if __name__ == "__main__":
    main()
