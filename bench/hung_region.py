"""Benchmark: two accounts, two regions, every control; one region that does not answer.

A moto server (with the suite's moto extensions) sits behind the fault proxy of the
project's tests (tests/fault_proxy.py); both accounts reach it through the proxy. The run
is made once as it is, then with eu-west-1 hung (every request accepted, none answered),
and prints each run's wall time, the requests the hung region received and the outcome.
Usage: ``.venv/bin/python -m bench.hung_region [request_timeout ...]`` (default: the
suite's own timeouts, i.e. no ``request_timeout`` given).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from moto.server import ThreadedMotoServer

from bench.pytest_runs import REPO, run_suite
from fixtures.demo.moto.core import install
from fixtures.run.sessions import CLIENT_CONFIG
from tests.fault_proxy import FaultProxy

HUNG = "eu-west-1"
ACCOUNTS = ("prod", "staging")


def accounts_file(folder: Path, endpoint: str) -> Path:
    """Two accounts (moto's one account under two names), us-east-1 and eu-west-1."""
    path = folder / "accounts.toml"
    path.write_text(
        "".join(
            f'[accounts.{name}]\naccount_id = "123456789012"\nendpoint_url = "{endpoint}"\n'
            f'regions = ["us-east-1", "{HUNG}"]\n\n'
            for name in ACCOUNTS
        ),
        encoding="utf-8",
    )
    return path


def main() -> None:
    timeouts = sys.argv[1:] or [""]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    install()
    os.environ.update(
        MOTO_EC2_LOAD_DEFAULT_AMIS="false",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106 - the local moto server takes any key
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    os.environ.pop("AWS_PROFILE", None)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(
        f"{len(ACCOUNTS)} accounts x 2 regions, every control; {HUNG} hung (accepts, never"
        f" answers) vs not; suite timeouts: connect {CLIENT_CONFIG.connect_timeout:g} s,"
        f" read {CLIENT_CONFIG.read_timeout:g} s, {CLIENT_CONFIG.retries['total_max_attempts']}"
        " attempts"
    )
    try:
        with (
            FaultProxy(f"http://{host}:{port}").running() as proxy,
            tempfile.TemporaryDirectory() as folder,
        ):
            path = accounts_file(Path(folder), proxy.url)
            for timeout in timeouts:
                args = [f"--accounts-file={path}", *(a for n in ACCOUNTS for a in ("--account", n))]
                if timeout:
                    args += ["-o", f"request_timeout={timeout}"]
                label = f"request_timeout={timeout}" if timeout else "default timeouts"
                for hung in (False, True):
                    proxy.hung_regions.clear()
                    if hung:
                        proxy.hang(region=HUNG)
                    proxy.regions.clear()
                    started = time.perf_counter()
                    run = run_suite(args, Path(folder))
                    wall = time.perf_counter() - started
                    print(
                        f"  {label:22} {'hung' if hung else 'answering':9} {wall:6.1f} s"
                        f"  {proxy.regions[HUNG]:4d} requests to {HUNG}"
                        f"  {run.http_requests:5d} HTTP requests in all  exit {run.exit_code}"
                        f"  ({run.outcome})"
                    )
    finally:
        server.stop()
    print(
        f"  (command: cd {REPO} && .venv/bin/python -m bench.hung_region {' '.join(sys.argv[1:])})"
    )


if __name__ == "__main__":
    main()
