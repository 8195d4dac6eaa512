"""Raw nats-py loops that do, per message, the I/O a consumer must do, and nothing else.

    rate = await io_loop(js, first_seq, count, kv_and_publish(js, kv))          # review's I/O
    rate = await io_loop(js, first_seq, count, with_smtp(kv_and_publish(...), smtp))  # notify's

Each loop reads the same messages as the services through a fresh durable, fetching as many
at a time as a replica does (`CONSUMER_CONCURRENCY`) and handling them side by side, as a
replica does; per message it does its I/O, then acks. The I/O, what issue 22 names:

- every consumer: a KV read and a revision-checked KV write (create when absent, else update
  at the revision read), a publish with `Nats-Msg-Id` to a stream of the same storage;
- notify: and an SMTP send of a prebuilt email to the same catcher, over a pool of as many
  connections as notify keeps (`SMTP_CONNECTIONS`, 4), kept open;
- archive: instead of KV and publish, its store's writes: the event inserted by id, the
  record read and replaced (upsert), in a database of its own on the same MongoDB server.

So a ratio against these says how much the service's Python adds on top of its I/O.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiosmtplib
from motor.motor_asyncio import AsyncIOMotorClient
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig
from nats.js.errors import KeyNotFoundError
from nats.js.kv import KeyValue

from contracts.subjects import Header, Stream, Subject
from servicekit.settings import ServiceSettings

FETCH = ServiceSettings().consumer_concurrency
SMTP_CONNECTIONS = 4  # notify's default `SMTP_CONNECTIONS`
BENCH_STREAM, BENCH_SUBJECT = "BENCH_RAW", "bench.raw"
Handle = Callable[[Msg], Awaitable[None]]
SmtpPool = asyncio.Queue[aiosmtplib.SMTP]
Mongo = AsyncIOMotorClient[Any]
EMAIL = (
    b"From: Cityprize <noreply@cityprize.test>\r\nTo: bench@cityprize.test\r\n"
    b"Subject: We received your application\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + b"Thank you for applying.\r\n" * 40
)


async def io_loop(js: JetStreamContext, first_seq: int, count: int, handle: Handle) -> float:
    """Messages per second through `handle`, `FETCH` at a time side by side, each acked."""
    durable = f"bench-io-{uuid.uuid4().hex[:8]}"
    config = ConsumerConfig(
        deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
        opt_start_seq=first_seq,
        ack_policy=AckPolicy.EXPLICIT,
        max_ack_pending=1000,
    )
    subscription = await js.pull_subscribe(
        Subject.SUBMISSION_RECEIVED, durable=durable, stream=Stream.EVENTS, config=config
    )

    async def one(message: Msg) -> None:
        await handle(message)
        await message.ack_sync()  # acked as the services ack: confirmed by the server

    try:
        started, done = time.monotonic(), 0
        while done < count:
            batch = await subscription.fetch(min(FETCH, count - done), timeout=5)
            await asyncio.gather(*(one(m) for m in batch))
            done += len(batch)
        return count / (time.monotonic() - started)
    finally:
        await subscription.unsubscribe()
        await js.delete_consumer(Stream.EVENTS, durable)


def _event_id(message: Msg) -> str:
    return (message.headers or {}).get(Header.MSG_ID) or uuid.uuid4().hex


def kv_and_publish(js: JetStreamContext, kv: KeyValue) -> Handle:
    """A KV read, a revision-checked KV write, a publish with `Nats-Msg-Id` (per run ids)."""
    run = uuid.uuid4().hex[:8]

    async def handle(message: Msg) -> None:
        key = f"{run}.{_event_id(message)}"
        try:
            entry = await kv.get(key)
        except KeyNotFoundError:
            await kv.create(key, message.data)
        else:
            await kv.update(key, message.data, last=entry.revision)
        await js.publish(
            f"{BENCH_SUBJECT}.{run}",
            message.data,
            stream=BENCH_STREAM,
            headers={Header.MSG_ID: f"{run}-{_event_id(message)}"},
        )

    return handle


def with_smtp(first: Handle, pool: SmtpPool) -> Handle:
    async def handle(message: Msg) -> None:
        await first(message)
        client = await pool.get()
        try:
            await client.sendmail("noreply@cityprize.test", ["bench@cityprize.test"], EMAIL)
        finally:
            pool.put_nowait(client)

    return handle


def store_writes(client: Mongo) -> Handle:
    database = client[f"bench_raw_{uuid.uuid4().hex[:8]}"]

    async def handle(message: Msg) -> None:
        event_id = _event_id(message)
        await database.events.insert_one({"_id": event_id, "body": message.data})
        record = await database.records.find_one({"_id": event_id})
        folded = {"events": [event_id], "size": len(message.data), "before": bool(record)}
        await database.records.replace_one({"_id": event_id}, folded, upsert=True)

    return handle


def io_loops(js: JetStreamContext, kv: KeyValue, pool: SmtpPool, mongo: Mongo) -> dict[str, Handle]:
    """Per consumer, the raw loop doing its I/O (tests/bench/e2e_baselines.py)."""
    return {
        "review-screen-received": kv_and_publish(js, kv),
        "notify-acknowledge-submission": with_smtp(kv_and_publish(js, kv), pool),
        "archive-archive-event": store_writes(mongo),
    }


IO_NAMES = {
    "review-screen-received": "raw loop with review's I/O (KV read, KV revision write, publish)",
    "notify-acknowledge-submission": "raw loop with notify's I/O (review's + SMTP send)",
    "archive-archive-event": "raw loop with archive's I/O (Mongo insert, read, upsert)",
}


async def io_rates(
    js: JetStreamContext, first: int, count: int, loops: dict[str, Handle]
) -> dict[str, float]:
    return {name: await io_loop(js, first, count, loop) for name, loop in loops.items()}


@contextlib.asynccontextmanager
async def resources(
    js: JetStreamContext, smtp: str, mongodb: str
) -> AsyncIterator[tuple[KeyValue, SmtpPool, Mongo]]:
    """A KV bucket and a stream stored as the platform's are, SMTP connections, a Mongo client."""
    events = (await js.stream_info(Stream.EVENTS)).config
    await js.add_stream(
        StreamConfig(
            name=BENCH_STREAM,
            subjects=[f"{BENCH_SUBJECT}.>"],
            storage=events.storage,
            num_replicas=events.num_replicas,
            duplicate_window=events.duplicate_window,
        )
    )
    kv = await js.create_key_value(bucket="bench_raw", storage=events.storage)
    host, port = smtp.rsplit(":", 1)
    pool: SmtpPool = asyncio.Queue()
    for _ in range(SMTP_CONNECTIONS):
        client = aiosmtplib.SMTP(hostname=host, port=int(port), start_tls=False)
        await client.connect()
        pool.put_nowait(client)
    mongo: Mongo = AsyncIOMotorClient(mongodb)
    try:
        yield kv, pool, mongo
    finally:
        mongo.close()
        while not pool.empty():
            with contextlib.suppress(aiosmtplib.SMTPException):
                await pool.get_nowait().quit()
        await js.delete_key_value("bench_raw")
        await js.delete_stream(BENCH_STREAM)
