"""A pytest plugin (``-p tests.no_network``) that forbids this process any network use:
every socket connect, name lookup or UDP send raises, and is written to the file named by
``NO_NETWORK_LOG`` (when set), so a test can prove a run made none, whatever the run
did with the error."""

from __future__ import annotations

import os
import socket
from typing import Any, NoReturn

_LOG = os.environ.get("NO_NETWORK_LOG")


def _refuse(what: str, *args: Any, **_: Any) -> NoReturn:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{what} {args[1:2]!r}\n")
    raise OSError(f"network use refused by tests/no_network.py: {what}")


def _connect(self: socket.socket, *args: Any) -> NoReturn:
    _refuse("connect", self, *args)


def _getaddrinfo(*args: Any, **kwargs: Any) -> NoReturn:
    _refuse("getaddrinfo", None, *args)


def _sendto(self: socket.socket, *args: Any) -> NoReturn:
    _refuse("sendto", self, *args)


socket.socket.connect = _connect  # type: ignore[method-assign,assignment]
socket.socket.connect_ex = _connect  # type: ignore[method-assign,assignment]
socket.socket.sendto = _sendto  # type: ignore[method-assign,assignment]
socket.getaddrinfo = _getaddrinfo
socket.create_connection = lambda *a, **k: _refuse("create_connection", None, *a)
