"""Benchmark: what reading IAM users' credentials live costs for an account of 1,000 users.

Seeds a moto server with USERS IAM users (default 1,000): every user has an access key,
every second one a console password, every fourth one an MFA device. Then runs the
controls that judge IAM users' credentials against it, in a fresh interpreter, with 0 ms
and with BENCH latency (default 50 ms) added to every AWS request. Prints, per run, the
requests by API (each distinct request once, however many controls used its answer), wall
time and the peak RSS of the suite's process.
Usage: ``.venv/bin/python -m bench.iam_live_state [users] [latency_ms]``.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer

from bench.pytest_runs import run_suite
from fixtures.demo.moto.core import install

ACCOUNT_ID = "123456789012"  # moto's default account
CONTROLS = (
    "access_key_rotation",
    "access_keys_rotated",
    "access_keys_last_used",
    "single_active_access_key",
    "unused_credentials",
    "user_accounts_not_in_daily_use",
    "user_not_in_use",
    "users_mfa",
    "users_password_and_keys",
    "users_password_last_used",
)


def seed(url: str, users: int) -> float:
    """Create ``users`` IAM users with their credentials; returns the seconds it took."""
    iam = boto3.client(
        "iam",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 (moto's fake credentials)
    )
    started = time.perf_counter()

    def one(number: int) -> None:
        name = f"user-{number:04d}"
        iam.create_user(UserName=name)
        iam.create_access_key(UserName=name)
        if number % 2 == 0:
            password = "Correct-horse-battery-9"  # noqa: S105 (a moto user's)
            iam.create_login_profile(UserName=name, Password=password)
        if number % 4 == 0:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"][
                "SerialNumber"
            ]
            iam.enable_mfa_device(
                UserName=name,
                SerialNumber=serial,
                AuthenticationCode1="123456",
                AuthenticationCode2="654321",
            )

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(users)))
    return time.perf_counter() - started


def requests_by_api(xml: Path) -> Counter[str]:
    """Each distinct request (by request id) the run's evidence records, counted by API."""
    seen: dict[str, str] = {}
    for prop in ET.parse(xml).getroot().iter("property"):  # noqa: S314 (our own report)
        if prop.attrib["name"] != "evidence":
            continue
        for call in json.loads(prop.attrib["value"])["api_calls"]:
            if call.get("request_id"):
                seen[call["request_id"]] = call["action"]
    return Counter(seen.values())


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    latency_ms = sys.argv[2] if len(sys.argv) > 2 else "50"
    install()
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")  # noqa: S106
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    try:
        took = seed(url, users)
        print(f"{users} IAM users seeded in {took:.1f} s; controls: {', '.join(CONTROLS)}")
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            accounts = folder / "accounts.toml"
            accounts.write_text(
                f'[accounts.bench]\naccount_id = "{ACCOUNT_ID}"\nendpoint_url = "{url}"\n'
                'regions = ["us-east-1"]\n',
                encoding="utf-8",
            )
            paths = [f"compliance_tests/iam/test_{control}.py" for control in CONTROLS]
            args = [f"--accounts-file={accounts}", "--account", "bench", *paths]
            for latency in ("0", latency_ms):
                run = run_suite(args, folder, latency)
                by_api = requests_by_api(folder / "bench.xml")
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                print(
                    f"\n{latency} ms added per request: {run.wall:.1f} s wall,"
                    f" {run.http_requests} HTTP requests ({run.api_calls} API calls);"
                    f" {run.outcome}; peak RSS of the suite so far {peak:.0f} MiB"
                )
                for action, count in sorted(by_api.items(), key=lambda item: -item[1]):
                    print(f"  {count:6d}  {action}")
                print(f"  {sum(by_api.values()):6d}  in all (distinct request ids)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
