"""Round trips per event, and the servers' CPU: what a consumer asked of NATS and its store,
and what answering cost them, while it drained.

    before = await sent(counters, "review")
    ...                                                   # the durable drains `events`
    per_event = (await sent(counters, "review") - before) / events

NATS: the messages the server received on the connections named after the service (its
`/connz` monitor: `in_msgs`): every KV request, publish, ack and pull request. The store:
the MongoDB-wire server's operation counters (`serverStatus.opcounters`: inserts, queries,
updates, deletes, commands), which only archive uses. The raw loops are counted the same way,
on the benchmark's own connection and the same server, so the two compare: a consumer that
waits on I/O is as slow as its chain of round trips, and this says how long that chain is.
The servers (nats-server, SecantusDB, the SMTP catcher) share the machine's two cores with the
service: their CPU over the drain (`/proc`) says what each round trip cost on the other side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from motor.motor_asyncio import AsyncIOMotorClient
from nats.js import JetStreamContext

from tests.bench.e2e_baselines import Handle, io_loop
from tests.bench.processes import cpu_seconds_of

BENCH_CONNECTION = "cityprize-cli"  # `cityprize.bus.connected`, the benchmark's own client
STORE = "archive"  # the only service with a store


@dataclass(frozen=True)
class Counters:
    """Where to count: the NATS monitor and the MongoDB-wire server."""

    nats_monitor: str
    mongodb: str
    servers: dict[str, int] = field(default_factory=dict)
    """Name: pid of each server the platform started (none when they run elsewhere)."""

    def server_cpu(self) -> dict[str, float]:
        """Each server's CPU seconds so far (user + system)."""
        return {name: cpu_seconds_of(pid) for name, pid in self.servers.items()}

    async def round_trips(self, connection: str, *, store: bool) -> int:
        """Round trips so far: NATS messages from `connection`, plus the store's operations
        when `store` (each a round trip; archive's NATS traffic is its fetches and acks)."""
        return await self._nats_in(connection) + (await self._store_ops() if store else 0)

    async def _nats_in(self, connection: str) -> int:
        if not self.nats_monitor:  # a NATS the benchmark did not start: not counted
            return 0
        async with httpx.AsyncClient(timeout=5) as http:
            reply = await http.get(f"{self.nats_monitor}/connz", params={"limit": 4096})
        connections = reply.json()["connections"]
        return sum(c.get("in_msgs", 0) for c in connections if c.get("name") == connection)

    async def _store_ops(self) -> int:
        client: AsyncIOMotorClient[Any] = AsyncIOMotorClient(self.mongodb)
        try:
            return sum((await opcounters(client)).values())
        finally:
            client.close()


async def opcounters(client: AsyncIOMotorClient[Any]) -> dict[str, int]:
    """The server's operations so far, by kind (`serverStatus.opcounters`)."""
    status = await client.admin.command("serverStatus")
    return {kind: int(count) for kind, count in status.get("opcounters", {}).items()}


async def counted_io_rates(
    js: JetStreamContext, first: int, count: int, loops: dict[str, Handle], counters: Counters
) -> tuple[dict[str, float], dict[str, float]]:
    """`e2e_baselines.io_rates`, and each loop's round trips per event on the benchmark's own
    connection (the store's operations too for archive's loop)."""
    rates, trips = {}, {}
    for name, loop in loops.items():
        store = name.startswith(STORE)
        before = await counters.round_trips(BENCH_CONNECTION, store=store)
        rates[name] = await io_loop(js, first, count, loop)
        after = await counters.round_trips(BENCH_CONNECTION, store=store)
        trips[name] = (after - before) / count
    return rates, trips
