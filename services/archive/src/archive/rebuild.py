"""Rebuild: replay the whole PRIZE stream, in stream order, into a fresh database.

It runs the very path live delivery runs (`archive_event`), so the records it produces are
the live records when nothing was lost or altered; the report says whether they are.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter
from typing import Any

from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import ValidationError

from archive.handlers import archive_event
from archive.log import AckFloor
from archive.repository import COLLECTIONS, Archive
from contracts.archive_commands import RebuildReport
from contracts.subjects import ALL_EVENTS, Stream

logger = logging.getLogger("archive.rebuild")
_BATCH = 256


async def rebuild(js: JetStreamContext, live: Archive, target: Archive) -> RebuildReport:
    if target.name == live.name:
        raise ValueError("a rebuild never writes into the live database")
    await target.drop()
    await target.declare_indexes()
    info = await js.stream_info(Stream.EVENTS)
    last = int(info.state.last_seq)

    async def floor() -> int:
        return last  # the whole stream up to `last` is read: every gap is final

    replayed, _ = await _replay(js, target, last, floor) if info.state.messages else (0, 0)
    differences = await compare(live, target)
    return RebuildReport(
        database=target.name,
        replayed=replayed,
        last_stream_seq=last,
        equal=not any(differences.values()),
        differences=differences,
    )


async def restore(js: JetStreamContext, live: Archive) -> RebuildReport:
    """Replay the stream into the live database: every event it lacks is stored, sealed and
    folded by the live path; what it holds is left as it is. Deliveries may go on meanwhile
    (every step is idempotent, sealing a compare-and-set). An event older than the chain's
    sealed head cannot be linked into it: `verify` then counts it unsealed, and a rebuild into
    a fresh database, swapped in by an operator, is the way back."""
    await live.declare_indexes()  # a wiped database lost them too
    async with live.sealing:
        live.seal_state.forget()  # the chain heads this process remembers may be gone
    info = await js.stream_info(Stream.EVENTS)
    last = int(info.state.last_seq)

    async def floor() -> int:
        return last

    replayed, new = await _replay(js, live, last, floor) if info.state.messages else (0, 0)
    return RebuildReport(
        database=live.name,
        replayed=replayed,
        last_stream_seq=last,
        equal=True,
        differences={},
        restored=new,
    )


async def _replay(
    js: JetStreamContext, target: Archive, last: int, floor: AckFloor
) -> tuple[int, int]:
    """(events replayed, of which new to `target`)."""
    config = ConsumerConfig(
        name=f"archive-rebuild-{uuid.uuid4().hex[:8]}",
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=AckPolicy.NONE,
        inactive_threshold=30.0,
    )
    subscription = await js.pull_subscribe(ALL_EVENTS, stream=Stream.EVENTS, config=config)
    replayed, new, seq = 0, 0, 0
    try:
        while seq < last:
            try:
                messages = await subscription.fetch(_BATCH, timeout=2.0)
            except NatsTimeoutError:
                break
            for message in messages:
                seq = message.metadata.sequence.stream
                if seq > last:
                    break
                try:
                    new += await archive_event(
                        target,
                        message.data,
                        subject=message.subject,
                        stream_seq=seq,
                        ack_floor=floor,
                    )
                except ValidationError:
                    logger.warning("skipped a message that is not an event", extra={"seq": seq})
                    continue
                replayed += 1
    finally:
        await subscription.unsubscribe()
    return replayed, new


async def compare(live: Archive, rebuilt: Archive) -> dict[str, int]:
    """Per collection, how many documents are in one and not the other."""
    differences = {}
    for name in COLLECTIONS:
        ours = Counter(map(_canonical, await live.dump(name)))
        theirs = Counter(map(_canonical, await rebuilt.dump(name)))
        differences[name] = sum((ours - theirs).values()) + sum((theirs - ours).values())
    return differences


def _canonical(document: dict[str, Any]) -> str:
    return json.dumps(document, sort_keys=True, default=str)
