"""Benchmark: reads made once per item (per user, queue, topic, key, secret, repository,
table...) for one account, with latency added to every request.

Three cases, each a fresh interpreter running one control (bench/pytest_runs.py), every
request waiting LATENCY ms (default 50) as if it crossed a WAN:

- ``users``: a moto server seeded with USERS IAM users (default 104), each with an SSH
  public key; runs iam/ssh-key-rotation (one ``iam:ListSSHPublicKeys`` per user).
- ``resources``: a moto server seeded with COUNT (default 20) SQS queues, SNS topics, KMS
  keys, Secrets Manager secrets, ECR repositories and DynamoDB tables in us-east-1; runs
  CIS 2.21 (iam/resource-policies-not-public: one policy read per resource).
- ``demo``: CIS 2.21 against 1 and 5 names for the embedded demo account.

Prints wall time, HTTP requests, the seconds the control's own setup took (what the
prefetch did not fetch before it) and the peak RSS of the suite's processes so far.
Usage: ``.venv/bin/python -m bench.per_item_reads [users|resources|demo] [count] [latency_ms]``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer

from bench.pytest_runs import REPO, run_suite
from fixtures.demo.moto.core import install

ACCOUNT_ID = "123456789012"  # moto's default account
SSH_KEY = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDexample bench@example.com"
SSH_CONTROL = "compliance_tests/iam/test_ssh_key_rotation.py"
POLICIES_CONTROL = "compliance_tests/iam/test_resource_policies_not_public.py"
SETUP = re.compile(r"^([0-9.]+)s setup ", re.MULTILINE)


def _client(url: str, service: str) -> object:
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 (moto's fake credentials)
    )


def seed_users(url: str, count: int) -> None:
    """``count`` IAM users, each with one SSH public key."""
    iam: object = _client(url, "iam")

    def one(number: int) -> None:
        name = f"bench-user-{number:04d}"
        iam.create_user(UserName=name)  # type: ignore[attr-defined]
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=SSH_KEY)  # type: ignore[attr-defined]

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))


def seed_resources(url: str, count: int) -> None:
    """``count`` resources of six types that CIS 2.21 reads one policy of each."""
    clients = {name: _client(url, name) for name in ("sqs", "sns", "kms", "secretsmanager")}
    clients |= {name: _client(url, name) for name in ("ecr", "dynamodb")}
    makers: list[Callable[[int], object]] = [
        lambda n: clients["sqs"].create_queue(QueueName=f"bench-{n}"),  # type: ignore[attr-defined]
        lambda n: clients["sns"].create_topic(Name=f"bench-{n}"),  # type: ignore[attr-defined]
        lambda n: clients["kms"].create_key(),  # type: ignore[attr-defined]
        lambda n: clients["secretsmanager"].create_secret(  # type: ignore[attr-defined]
            Name=f"bench-{n}", SecretString="x"
        ),
        lambda n: clients["ecr"].create_repository(repositoryName=f"bench-{n}"),  # type: ignore[attr-defined]
        lambda n: clients["dynamodb"].create_table(  # type: ignore[attr-defined]
            TableName=f"bench-{n}",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        ),
    ]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda job: job[0](job[1]), [(m, n) for m in makers for n in range(count)]))


def setup_seconds(args: list[str], folder: Path, latency_ms: str) -> float:
    """The seconds the selected controls spent in fixture setup (pytest --durations)."""
    env = {**os.environ, "BENCH_LATENCY_MS": latency_ms, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", *args, "-p", "bench.latency_plugin"),
            *("-p", "no:cacheprovider", "--durations=0", "-vv", f"--html={folder / 's.html'}"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return sum(float(seconds) for seconds in SETUP.findall(out))


def report(label: str, args: list[str], folder: Path, latency_ms: str) -> None:
    """Run ``args`` and print its figures."""
    run = run_suite(args, folder, latency_ms)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    setup = setup_seconds(args, folder, latency_ms)
    print(
        f"  {label:28} {run.wall:6.1f} s wall  {run.http_requests:5d} HTTP requests"
        f"  control setup {setup:5.2f} s  peak RSS so far {peak:.0f} MiB  ({run.outcome})"
    )


def with_server(count: int, seeder: Callable[[str, int], None], control: str, latency: str) -> None:
    """Seed a moto server and run ``control`` against it as one account."""
    install()
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")  # noqa: S106
    os.environ["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false"
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    try:
        started = time.perf_counter()
        seeder(url, count)
        print(f"  seeded in {time.perf_counter() - started:.1f} s")
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            accounts = folder / "accounts.toml"
            accounts.write_text(
                f'[accounts.bench]\naccount_id = "{ACCOUNT_ID}"\nendpoint_url = "{url}"\n'
                f"regions = {json.dumps(['us-east-1'])}\n",
                encoding="utf-8",
            )
            args = [f"--accounts-file={accounts}", "--account", "bench", control]
            args += ["-p", "bench.s3control_names"]  # S3 Control's account-prefixed host names
            report(f"{count} per item, {latency} ms", args, folder, latency)
    finally:
        server.stop()


def demo(counts: list[int], latency: str) -> None:
    """CIS 2.21 against ``count`` names for the embedded demo account."""
    for count in counts:
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            names = [f"acct{number:03d}" for number in range(count)]
            path = folder / "accounts.toml"
            path.write_text(
                "".join(
                    f'[accounts.{n}]\naccount_id = "{ACCOUNT_ID}"\ndemo = true\n'
                    'regions = ["us-east-1"]\n\n'
                    for n in names
                ),
                encoding="utf-8",
            )
            args = [f"--accounts-file={path}", POLICIES_CONTROL]
            args += [a for n in names for a in ("--account", n)]
            report(f"{count} demo account(s), {latency} ms", args, folder, latency)


def main() -> None:
    case = sys.argv[1] if len(sys.argv) > 1 else "users"
    latency = sys.argv[3] if len(sys.argv) > 3 else "50"
    if case == "users":
        count = int(sys.argv[2]) if len(sys.argv) > 2 else 104
        print(f"iam/ssh-key-rotation, {count} IAM users with an SSH key each")
        with_server(count, seed_users, SSH_CONTROL, latency)
    elif case == "resources":
        count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
        print(f"CIS 2.21, {count} each of SQS, SNS, KMS, Secrets Manager, ECR, DynamoDB")
        with_server(count, seed_resources, POLICIES_CONTROL, latency)
    elif case == "demo":
        counts = [int(sys.argv[2])] if len(sys.argv) > 2 else [1, 5]
        print("CIS 2.21 against the embedded demo account")
        demo(counts, latency)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
