"""Loopback ports and polling with deadlines: the only waiting the embedded servers do."""

from __future__ import annotations

import json
import random
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"

# Loopback probes must never go through an HTTP proxy configured in the environment.
_direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_handed_out: set[int] = set()
_lock = threading.Lock()
_rng = random.SystemRandom()


def _ephemeral_floor() -> int:
    # Outgoing connections take their source port from the ephemeral range; a server port
    # picked below it cannot be grabbed by a client between a stop and a restart.
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def port_is_free(port: int, host: str = LOOPBACK) -> bool:
    """True when nothing listens on `host:port` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(*, below: int | None = None) -> int:
    """A free port on 127.0.0.1, never handed out twice by this process.

    `below` caps the port (exclusive), for servers that derive a second port from the first.
    """
    ceiling = min(below or 65536, _ephemeral_floor())
    for _ in range(500):
        port = _rng.randrange(10000, ceiling)
        with _lock:
            if port in _handed_out or not port_is_free(port):
                continue
            _handed_out.add(port)
            return port
    raise RuntimeError(f"no free loopback port found in 10000..{ceiling}")


def _backoff(attempt: int) -> float:
    return min(0.005 * 2.0**attempt, 0.1)


def wait_until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `predicate` until it is true; TimeoutError naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    attempt = 0
    while not predicate():
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(_backoff(attempt))
        attempt += 1


def port_accepts(host: str, port: int) -> bool:
    """True when a TCP connection to `host:port` succeeds."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for_port(host: str, port: int, timeout: float) -> None:
    """Block until `host:port` accepts TCP connections."""
    wait_until(lambda: port_accepts(host, port), timeout, f"{host}:{port} to accept connections")


def http_status(url: str, timeout: float = 1.0) -> int | None:
    """The HTTP status `url` answers with, or None when nothing answers."""
    try:
        with _direct.open(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (OSError, ValueError):
        return None


def http_json(url: str, timeout: float = 1.0) -> dict[str, Any] | None:
    """The JSON object `url` answers with, or None when nothing (sensible) answers."""
    try:
        with _direct.open(url, timeout=timeout) as response:
            data = json.load(response)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
