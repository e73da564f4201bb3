"""Benchmark: what each checked account costs before it makes a request.

Builds an ``AwsSession`` per account and the clients the controls use (no request is
sent), in a fresh interpreter per case, and prints wall time and peak memory (max RSS),
with botocore's data loader shared across sessions (what the suite does) and with one
loader per session (botocore's default).
Usage: ``.venv/bin/python -m bench.session_cost [accounts]`` (default 20).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SERVICES = ("sts", "iam", "organizations", "account", "ec2", "s3", "sqs", "sns", "kms", "lambda")

CASE = """
import resource, sys, time
import botocore.session
from fixtures.run import sessions
from fixtures.run.accounts import AccountConfig

if sys.argv[2] == "per-session":
    sessions._botocore_session = botocore.session.get_session
started = time.perf_counter()
for number in range(int(sys.argv[1])):
    config = AccountConfig(
        name=f"a{number}", account_id="123456789012", regions=("us-east-1",),
        home_region="us-east-1", demo=True,
    )
    session = sessions.AwsSession(config, "http://127.0.0.1:1")
    for service in sys.argv[3].split(","):
        session.client(service)
wall = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{wall:.2f} {peak:.0f}")
"""


def main() -> None:
    accounts = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(f"{accounts} accounts x {len(SERVICES)} clients each ({', '.join(SERVICES)})")
    for loader in ("shared", "per-session"):
        completed = subprocess.run(
            [sys.executable, "-c", CASE, str(accounts), loader, ",".join(SERVICES)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        wall, peak = completed.stdout.split()
        print(f"  loader {loader:12} {float(wall):6.2f} s  peak RSS {peak} MiB")


if __name__ == "__main__":
    main()
