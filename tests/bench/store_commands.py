"""What each kind of command the archive sends costs its SecantusDB, in the server's CPU.

    python -m tests.bench.store_commands [EVENTS]
    # side by side: 1.12 s, server CPU 1.68 ms per event, 446 events/s
    #   insert events   0.06 commands, 1.00 documents, 0.48 ms per event
    #   ...

EVENTS received applications (as the consumers benchmark publishes them) are archived
through the handler driven directly, 16 side by side as a replica does (`tests.support.
archive`), on a SecantusDB started for the run. A command-monitoring listener reads the
server's user + system time (/proc, 10 ms ticks: a figure over hundreds of commands) when
each command starts and ends. Commands of different kinds overlap, so each kind's share is
approximate; their sum is the run's. `store_share` measures the service's own drain.
"""

from __future__ import annotations

import asyncio
import collections
import sys
import time
import uuid
from typing import Any
from urllib.parse import urlparse

from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import monitoring

from archive.repository import Archive
from tests.bench.e2e_events import received_event
from tests.bench.mongo import mongodb_url
from tests.bench.processes import cpu_seconds_of
from tests.bench.store_share import server_pid
from tests.support.archive import in_fetches

QUIET = {"hello", "isMaster", "ping", "endSessions"}


class ServerTime(monitoring.CommandListener):
    """Per kind (`<command> <collection>`): commands, documents and server CPU seconds."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.started_at: dict[int, tuple[str, float]] = {}
        self.commands: collections.Counter[str] = collections.Counter()
        self.documents: collections.Counter[str] = collections.Counter()
        self.cpu: collections.defaultdict[str, float] = collections.defaultdict(float)

    def reset(self) -> None:
        self.commands.clear()
        self.documents.clear()
        self.cpu.clear()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in QUIET:
            return
        kind = f"{event.command_name} {event.command.get(event.command_name)}"
        command = event.command
        items = command.get("updates") or command.get("documents") or command.get("deletes")
        self.commands[kind] += 1
        self.documents[kind] += len(items) if items else 1
        self.started_at[event.request_id] = (kind, cpu_seconds_of(self.pid))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self._ended(event.request_id)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self._ended(event.request_id)

    def _ended(self, request_id: int) -> None:
        began = self.started_at.pop(request_id, None)
        if began is not None:
            self.cpu[began[0]] += cpu_seconds_of(self.pid) - began[1]


async def measure(url: str, count: int) -> None:
    pid = server_pid(urlparse(url).port or 27017)
    listener = ServerTime(pid)
    client: AsyncIOMotorClient[Any] = AsyncIOMotorClient(
        url, tz_aware=True, event_listeners=[listener]
    )
    archive = Archive(client[f"commands_{uuid.uuid4().hex[:8]}"])
    try:
        await archive.declare_indexes()
        listener.reset()  # declaring the indexes is not the figure
        events = [received_event("bench-store-commands", n) for n in range(count)]
        started, cpu = time.monotonic(), cpu_seconds_of(pid)
        await in_fetches(archive, list(enumerate(events, 1)))
        wall, ms = time.monotonic() - started, (cpu_seconds_of(pid) - cpu) * 1000 / count
        print(f"side by side: {wall:.2f} s, server CPU {ms:.2f} ms per event, {count / wall:.0f}/s")
        for kind, seconds in sorted(listener.cpu.items(), key=lambda kv: -kv[1]):
            print(
                f"  {kind:28s} {listener.commands[kind] / count:5.2f} commands,"
                f" {listener.documents[kind] / count:5.2f} documents,"
                f" {seconds * 1000 / count:5.2f} ms per event"
            )
    finally:
        await archive.drop()
        client.close()


if __name__ == "__main__":
    with mongodb_url() as server:
        asyncio.run(measure(server, int(sys.argv[1]) if len(sys.argv) > 1 else 500))
