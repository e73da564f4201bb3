"""Benchmark: what the four CIS 3.1 S3 controls cost for an account of many buckets.

Seeds a moto server with BUCKETS buckets (default 200), half in us-east-1, half in
eu-west-1, each with a bucket policy; then runs compliance_tests/s3 over both regions in a
fresh interpreter, with 0 ms and with BENCH latency (default 50 ms) added to every AWS
request. Prints, per run, wall time, the requests by API (each distinct request once) and
the peak RSS of the suite's process. Usage:
``.venv/bin/python -m bench.s3_buckets [buckets] [latency_ms]``.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from moto.server import ThreadedMotoServer

from bench.iam_live_state import requests_by_api
from bench.pytest_runs import run_suite
from fixtures.demo.moto.core import install

ACCOUNT_ID = "123456789012"  # moto's default account
REGIONS = ("us-east-1", "eu-west-1")


def seed(url: str, buckets: int) -> float:
    """Create ``buckets`` buckets with an HTTPS-only policy; returns the seconds it took."""
    started = time.perf_counter()

    def one(number: int) -> None:
        region = REGIONS[number % 2]
        s3 = boto3.client(
            "s3",
            endpoint_url=url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 (moto's fake credentials)
        )
        name = f"bench-{number:05d}"
        where = {} if region == "us-east-1" else {"LocationConstraint": region}
        s3.create_bucket(Bucket=name, **({"CreateBucketConfiguration": where} if where else {}))
        arn = f"arn:aws:s3:::{name}"
        statement = {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [arn, f"{arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Statement": [statement]}))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(buckets)))
    return time.perf_counter() - started


def main() -> None:
    buckets = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    latency_ms = sys.argv[2] if len(sys.argv) > 2 else "50"
    install()
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")  # noqa: S106
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    try:
        took = seed(url, buckets)
        print(f"{buckets} S3 buckets seeded in {took:.1f} s, in {', '.join(REGIONS)}")
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            accounts = folder / "accounts.toml"
            accounts.write_text(
                f'[accounts.bench]\naccount_id = "{ACCOUNT_ID}"\nendpoint_url = "{url}"\n'
                f"regions = {json.dumps(list(REGIONS))}\n",
                encoding="utf-8",
            )
            args = [f"--accounts-file={accounts}", "--account", "bench", "compliance_tests/s3"]
            args += ["-p", "bench.s3control_names"]  # the account's BPA through S3 Control
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
