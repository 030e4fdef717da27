"""Suite-wide guards: no network connection, ever (any attempt fails the test)."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class NetworkAttempt(AssertionError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkAttempt(f"network connection attempted: {args!r}")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test runs with socket connections disabled; local socketpairs (used by Qt and
    asyncio internals) stay allowed."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    yield
