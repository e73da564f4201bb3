"""A fault-injecting HTTP proxy in front of the test moto server.

The suite is pointed at the proxy (an account's ``endpoint_url``); every request goes on
to moto, and the answer comes back as moto gave it unless a fault is set for that
operation. The proxy counts requests per operation, so a test can show that a failed call
was asked once. Operations are recognised as AWS's protocols carry them: the ``Action``
form field (query, EC2) or the ``X-Amz-Target`` header (JSON).

A hang (``hang``) makes the proxy accept a request and not answer it: never (until the
proxy stops), or only after some seconds. It is set per operation or per region; the
region is the one the request is signed for (its SigV4 credential scope), since every
region of an account behind ``endpoint_url`` reaches the same host. Requests are also
counted per region.
"""

from __future__ import annotations

import http.client
import re
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    """An HTTP answer: as moto gave it, or as a fault rewrites it."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


# A fault: given moto's answer, the answer to send instead.
Fault = Callable[[Answer], Answer]

_HOP_BY_HOP = {"connection", "transfer-encoding", "content-length", "keep-alive", "date", "server"}


def body(text: bytes, status: int = 200) -> Fault:
    """A fault that answers ``status`` with ``text`` as the body, moto's headers kept."""
    return lambda answer: Answer(status, answer.headers, text)


# The region of a SigV4 signature: "Credential=AKID/20260101/eu-west-1/ec2/aws4_request".
_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/")


class FaultProxy:
    """The proxy's state: faults by operation name, hangs by operation or region, and
    requests counted by operation and by region."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.faults: dict[str, Fault] = {}
        self.requests: Counter[str] = Counter()
        self.regions: Counter[str] = Counter()
        # seconds before answering; None: never answer
        self.hung_operations: dict[str, float | None] = {}
        self.hung_regions: dict[str, float | None] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: object) -> None:  # quiet
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request_body = self.rfile.read(length) if length else b""
                operation = _operation(self.headers.get("X-Amz-Target"), request_body)
                region = _region(self.headers.get("Authorization"))
                with proxy._lock:
                    proxy.requests[operation] += 1
                    proxy.regions[region] += 1
                    fault = proxy.faults.get(operation)
                    hang = proxy._hang(operation, region)
                if hang is not False:
                    proxy._stopping.wait(hang)
                    if hang is None or proxy._stopping.is_set():
                        self.close_connection = True  # no answer at all
                        return
                answer = proxy._upstream(self.command, self.path, self.headers, request_body)
                if fault is not None:
                    answer = fault(answer)
                self.send_response(answer.status)
                for name, value in answer.headers:
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                # A client that gave up (its read timed out) before a late answer was
                # written: what hang faults are for, not a fault of the proxy.
                error = sys.exc_info()[1]
                if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
                    super().handle_error(request, client_address)  # type: ignore[arg-type]

        self._server = Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host!s}:{port}"

    def hang(
        self,
        *,
        operation: str | None = None,
        region: str | None = None,
        seconds: float | None = None,
    ) -> None:
        """Accept requests for ``operation`` (or every request signed for ``region``) and
        answer none of them (``seconds`` None) or each only after ``seconds``."""
        with self._lock:
            if operation is not None:
                self.hung_operations[operation] = seconds
            if region is not None:
                self.hung_regions[region] = seconds

    def _hang(self, operation: str, region: str) -> float | bool | None:
        # False: answer now; None: never; a number: after that many seconds
        for hangs, key in ((self.hung_operations, operation), (self.hung_regions, region)):
            if key in hangs:
                return hangs[key]
        return False

    def _upstream(self, method: str, path: str, headers: object, data: bytes) -> Answer:
        assert self.upstream.hostname is not None
        connection = http.client.HTTPConnection(
            self.upstream.hostname, self.upstream.port, timeout=30
        )
        try:
            forwarded = {
                k: v
                for k, v in headers.items()  # type: ignore[attr-defined]
                if k.lower() not in ("host", "connection")
            }
            connection.request(method, path, body=data or None, headers=forwarded)
            response = connection.getresponse()
            return Answer(response.status, response.getheaders(), response.read())
        finally:
            connection.close()

    @contextmanager
    def running(self) -> Iterator[FaultProxy]:
        """Serve until the block ends."""
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stopping.set()  # hung requests end, unanswered
            self._server.shutdown()
            self._server.server_close()


def _region(authorization: str | None) -> str:
    match = _SCOPE.search(authorization or "")
    return match.group(1) if match else "?"


def _operation(target: str | None, data: bytes) -> str:
    if target:  # JSON protocol: "AmazonSQS.ListQueues"
        return target.rsplit(".", 1)[-1]
    fields = parse_qs(data.decode("utf-8", "replace"))
    return fields.get("Action", ["?"])[0]  # query and EC2 protocols
