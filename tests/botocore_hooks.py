"""Handlers on the botocore events of every session the suite makes, for tests that run the
real suite in-process (pytester): each ``AwsSession`` and assumed-role session passes its
event emitter to ``fixtures.aws.responses.register``, which ``hooked`` wraps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from fixtures.aws import responses


@dataclass
class FakeHttp:
    """What botocore needs of an HTTP response that a ``before-call`` handler answers."""

    status_code: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    raw: Any = None


def hooked(monkeypatch: pytest.MonkeyPatch, *handlers: tuple[str, Callable[..., Any]]) -> None:
    """Register ``handlers`` ((event name, handler) pairs) on every session's events that
    the suite builds while ``monkeypatch`` is in force, before botocore's own: an
    ``after-call`` handler then sees the answer as parsed, before botocore decodes the
    policy documents in it (as it does again for an answer a ``before-call`` gives)."""
    original = responses.register

    def register(events: Any) -> None:
        original(events)
        for event, handler in handlers:
            events.register_first(event, handler)

    monkeypatch.setattr(responses, "register", register)
