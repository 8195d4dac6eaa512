"""Events per second through each consumer, against a raw nats-py pull-and-ack loop.

N `prize.submission.received` events are published straight to the stream while every
durable is paused (server-side, JetStream consumer pause), then one durable at a time is
resumed and timed until its consumer info shows nothing pending and nothing unacked. Each
consumer's baseline is a raw loop doing its I/O and nothing else (`e2e_baselines`); the bare
raw loop (fetch and ack only) is reported beside. Every loop reads the same N messages
through a fresh durable, fetching as many at a time as a service replica does
(`CONSUMER_CONCURRENCY`, the same default), before and after the services; the faster of its
two runs is the baseline.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from pathlib import Path

from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from cityprize.platform import Endpoints
from contracts.subjects import Stream, Subject
from servicekit.settings import ServiceSettings
from tests.bench.e2e_baselines import IO_NAMES, io_loops, io_rates, resources
from tests.bench.e2e_ceiling import STACK, stack_run
from tests.bench.e2e_cpu import CpuSpent, cpu_seconds, why_short
from tests.bench.e2e_events import publish_events
from tests.bench.e2e_platform import pause_all_but, resume_all, sleep_briefly, until_drained
from tests.bench.e2e_round_trips import STORE, Counters, counted_io_rates
from tests.bench.figures import Figure

CONSUMERS = ("review-screen-received", "notify-acknowledge-submission", "archive-archive-event")
# What a service replica fetches at once; the raw loop takes the same batches.
FETCH = ServiceSettings().consumer_concurrency
RAW = (
    f"raw nats-py pull-and-ack loop (fetch up to {FETCH}, ack each), "
    "same stream and messages, fresh durable"
)


async def raw_loop(js: JetStreamContext, first_seq: int, count: int) -> float:
    durable = f"bench-raw-{uuid.uuid4().hex[:8]}"
    config = ConsumerConfig(
        deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
        opt_start_seq=first_seq,
        ack_policy=AckPolicy.EXPLICIT,
        max_ack_pending=1000,
    )
    subscription = await js.pull_subscribe(
        Subject.SUBMISSION_RECEIVED, durable=durable, stream=Stream.EVENTS, config=config
    )
    try:
        started, acked = time.monotonic(), 0
        while acked < count:
            for message in await subscription.fetch(min(FETCH, count - acked), timeout=5):
                await message.ack()
                acked += 1
        await until_drained(js, durable)
        return count / (time.monotonic() - started)
    finally:
        await subscription.unsubscribe()
        await js.delete_consumer(Stream.EVENTS, durable)


async def consumer_rate(
    js: JetStreamContext, durable: str, logs: Path, counters: Counters
) -> Drained:
    """Events drained, events/s and the service's CPU meanwhile. Counted from the durable's
    own backlog, not from the N published: archive's durable also holds what review and
    notify published meanwhile (screenings, notifications), so N would understate its rate
    about threefold."""
    info = await js.consumer_info(Stream.EVENTS, durable)
    backlog = info.num_pending + info.num_ack_pending
    service = durable.split("-", 1)[0]
    store = service == STORE
    cpu, trips = await cpu_seconds(logs, service), await counters.round_trips(service, store=store)
    servers = counters.server_cpu()
    started = time.monotonic()
    await pause_all_but(js, durable)
    await until_drained(js, durable)
    elapsed = time.monotonic() - started
    cpu_after, servers_after = await cpu_seconds(logs, service), counters.server_cpu()
    trips = await counters.round_trips(service, store=store) - trips
    await pause_all_but(js, None)
    spent = CpuSpent((cpu_after or 0.0) - (cpu or 0.0), elapsed, backlog)
    per_event = {n: 1000 * (servers_after[n] - servers[n]) / backlog for n in servers}
    return Drained(backlog, backlog / elapsed, spent, trips / backlog, per_event)


@dataclasses.dataclass(frozen=True)
class Drained:
    events: int
    rate: float
    cpu: CpuSpent
    round_trips: float
    """Per event: NATS messages the service sent, and for archive its store's operations."""
    servers_ms: dict[str, float]
    """Per event: each server's CPU milliseconds meanwhile."""


async def measure(
    client: Client, contest_id: str, count: int, at: Endpoints, counters: Counters
) -> list[Figure]:
    js = client.jetstream()
    logs = Path(at.mail_folder).parent / "logs"
    await pause_all_but(js, None)
    # A service's outstanding fetch (1 s) expires before anything is published.
    await sleep_briefly(1.5)
    first, size = await publish_events(js, contest_id, count)
    async with resources(js, at.smtp, at.mongodb) as (kv, pool, mongo):
        raws = [await raw_loop(js, first, count)]
        first_ios, loop_trips = await counted_io_rates(
            js, first, count, io_loops(js, kv, pool, mongo), counters
        )
        ios = [first_ios]
        stacks = [await stack_run(js, at.nats, count)]
        rates = {d: await consumer_rate(js, d, logs, counters) for d in CONSUMERS}
        raws.append(await raw_loop(js, first, count))
        ios.append(await io_rates(js, first, count, io_loops(js, kv, pool, mongo)))
        stacks.append(await stack_run(js, at.nats, count))
    await resume_all(js)
    baseline = max(raws)
    figures = ceiling([rate for rate, _ in stacks], ios, count)
    stack_ms = min(ms for _, ms in stacks)
    for durable, drained in rates.items():
        ios_of = [run[durable] for run in ios]
        received = f"{count} received of {size} B"
        figures += consumer_figures(
            durable, drained, ios_of, loop_trips[durable], stack_ms, received=received
        )
        figures.append(
            Figure(
                name=f"{durable} against the bare loop",
                value=round(drained.rate, 1),
                unit="events/s",
                baseline=RAW,
                baseline_value=round(baseline, 1),
            )
        )
    figures.append(
        Figure(
            name="raw loop, both runs",
            value=round(min(raws), 1),
            unit="events/s (slower)",
            baseline="faster run",
            baseline_value=round(baseline, 1),
        )
    )
    return figures


def ceiling(stacks: list[float], ios: list[dict[str, float]], count: int) -> list[Figure]:
    """The stack alone (`e2e_ceiling`, faster of two runs) against each consumer's I/O loop:
    the most of the ≥ 0.5 target the framework leaves, before a handler does anything."""
    stack = max(stacks)
    figures = [
        Figure(
            name=f"{STACK}, {count} events",
            value=round(stack, 1),
            unit="events/s",
            baseline="slower of its two runs",
            baseline_value=round(min(stacks), 1),
        )
    ]
    for durable in CONSUMERS:
        figures.append(
            Figure(
                name=f"the stack alone against {IO_NAMES[durable]}",
                value=round(stack, 1),
                unit="events/s",
                baseline=f"{durable}'s I/O loop",
                baseline_value=round(max(run[durable] for run in ios), 1),
            )
        )
    return figures


def consumer_figures(
    durable: str,
    drained: Drained,
    ios: list[float],
    loop_trips: float,
    stack_ms: float,
    *,
    received: str,
) -> list[Figure]:
    """Its rate against its I/O loop (by how much and why, if short), its round trips and CPU
    per event, and its loop's two runs."""
    io, rate, met = max(ios), drained.rate, drained.rate >= 0.5 * max(ios)
    servers = ", ".join(f"{name} {ms:.2f} ms" for name, ms in drained.servers_ms.items())
    why = why_short(drained.cpu, stack_ms, io, rate) + (
        f"; {drained.round_trips:.1f} round trips per event against its loop's {loop_trips:.1f}"
        f"; the servers' CPU per event meanwhile: {servers or 'not measured'}"
    )
    return [
        Figure(
            name=f"{durable} events/s ({drained.events} events, {received}, telemetry on)",
            value=round(rate, 1),
            unit="events/s",
            baseline=IO_NAMES[durable],
            baseline_value=round(io, 1),
            target="≥ 0.5 × its I/O loop",
            met=met,
            why=None if met else why,
        ),
        Figure(
            name=f"{durable} round trips per event (NATS messages sent"
            + (", store operations)" if durable.startswith(STORE) else ")"),
            value=round(drained.round_trips, 2),
            unit="per event",
            baseline="its I/O loop's",
            baseline_value=round(loop_trips, 2),
        ),
        Figure(
            name=f"{durable} CPU per event ({drained.cpu.of_a_core:.2f} of a core)",
            value=round(drained.cpu.per_event_ms, 3),
            unit="ms",
            baseline="the consumer stack alone",
            baseline_value=round(stack_ms, 3),
        ),
        Figure(
            name=f"{IO_NAMES[durable]}, both runs",
            value=round(min(ios), 1),
            unit="events/s (slower)",
            baseline="faster run",
            baseline_value=round(io, 1),
        ),
    ]
