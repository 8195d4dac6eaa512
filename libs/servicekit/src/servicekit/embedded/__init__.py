"""Real servers on loopback for the embedded default (`cityprize up`) and the test fixtures.

The server modules load on first use, so `python -m servicekit.embedded.smtp` runs cleanly
and callers that only need ports do not import minio or motor.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from servicekit.embedded.binaries import find_binary
from servicekit.embedded.ports import (
    LOOPBACK,
    free_port,
    http_json,
    http_status,
    port_accepts,
    port_is_free,
    wait_for_port,
    wait_until,
)
from servicekit.embedded.process import (
    ManagedProcess,
    ServerStartError,
    kill_live_processes,
    live_processes,
    reap_on_sigterm,
)

if TYPE_CHECKING:
    from servicekit.embedded.mongo import MongoServer
    from servicekit.embedded.nats import NatsCluster, NatsServer
    from servicekit.embedded.s3 import S3Server
    from servicekit.embedded.smtp import CaughtMessage, SmtpCatcher

_LAZY = {
    "NatsServer": "nats",
    "NatsCluster": "nats",
    "S3Server": "s3",
    "SmtpCatcher": "smtp",
    "CaughtMessage": "smtp",
    "MongoServer": "mongo",
}

__all__ = [
    "LOOPBACK",
    "CaughtMessage",
    "ManagedProcess",
    "MongoServer",
    "NatsCluster",
    "NatsServer",
    "S3Server",
    "ServerStartError",
    "SmtpCatcher",
    "find_binary",
    "free_port",
    "http_json",
    "http_status",
    "kill_live_processes",
    "live_processes",
    "port_accepts",
    "port_is_free",
    "reap_on_sigterm",
    "wait_for_port",
    "wait_until",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
