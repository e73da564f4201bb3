"""pytest plugin for benchmarks: every AWS request waits as if it crossed a WAN.

Load with ``-p bench.latency_plugin`` and set ``BENCH_LATENCY_MS``. Against the local moto
server a request takes about a millisecond; real AWS takes tens. The benchmarks use this to
show what concurrency buys, without any network.
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest

from fixtures.plugin import RUN


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    run = config.stash.get(RUN, None)
    delay = int(os.environ.get("BENCH_LATENCY_MS", "0")) / 1000
    if run is None or delay <= 0:
        return

    def wait(**_: Any) -> None:
        time.sleep(delay)

    for account in run.accounts:
        account.session.on_request(wait)
