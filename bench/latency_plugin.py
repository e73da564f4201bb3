"""pytest plugin for benchmarks: every AWS request waits as if it crossed a WAN.

Load with ``-p bench.latency_plugin`` and set ``BENCH_LATENCY_MS``. Against the local moto
server a request takes about a millisecond; real AWS takes tens. The benchmarks use this to
show what concurrency buys, without any network. Loaded before the run resolves its
accounts, it slows every account session from its first request (sts, ec2:DescribeRegions).

With ``BENCH_REQUEST_LOG`` set to a file path, each request is also appended to that file as
one JSON line: service, region, operation and a signature of what was asked (method, URL
and body, so two requests with the same signature asked AWS the same thing); see
bench/regions.py. ``BENCH_MOTO_ELSEWHERE`` (a moto server in another process) makes S3
Control's account-prefixed loopback host names resolve in this one.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from fixtures.run.sessions import AwsSession

_DELAY = int(os.environ.get("BENCH_LATENCY_MS", "0")) / 1000
_LOG = os.environ.get("BENCH_REQUEST_LOG", "")
_open_session = AwsSession.__init__


def _wait(**_: Any) -> None:
    time.sleep(_DELAY)


def _slow_session(self: AwsSession, *args: Any, **kwargs: Any) -> None:
    """Every account session, as it is made: its handlers reach every client, the ones the
    run makes while it resolves the account (sts, ec2:DescribeRegions) included."""
    _open_session(self, *args, **kwargs)
    if _DELAY > 0:
        self.on_request(_wait)
    if _LOG:
        self.on_request(RequestLog(Path(_LOG), self.config.name))


AwsSession.__init__ = _slow_session  # type: ignore[method-assign]

if os.environ.get("BENCH_MOTO_ELSEWHERE"):
    # moto in another process: S3 Control's host ``{AccountId}.127.0.0.1`` must still resolve
    # here, where the clients are, as a demo run makes it (fixtures/demo/loopback.py)
    from fixtures.demo import loopback

    loopback.install()


class RequestLog:
    """A ``before-send`` handler that appends each request to a JSON-lines file."""

    def __init__(self, path: Path, account: str) -> None:
        self._path = path
        self._account = account
        self._lock = threading.Lock()  # the run sends requests from several threads

    def __call__(self, request: Any, event_name: str, **_: Any) -> None:
        """Record ``request`` (botocore's AWSPreparedRequest) of ``before-send.SERVICE.OP``."""
        service, operation = event_name.split(".", 2)[1:]
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):  # a stream or nothing: not part of the question
            body = b""
        asked = f"{request.method} {request.url}\n".encode() + body
        line = {
            "account": self._account,
            "service": service,
            "region": (request.context or {}).get("client_region", ""),
            "operation": operation,
            "signature": hashlib.sha256(asked).hexdigest()[:16],
            "request": asked.decode("utf-8", "replace")[:300],
        }
        with self._lock, self._path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")
