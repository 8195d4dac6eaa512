"""Events stored already sealed when they continue the chain: one write per event, not two.

A sealing pass (`archive.log.seal`) links stored records by a compare-and-set on each: a
second write of every event, and on the MongoDB-wire server the dearest of the archive's
writes (SecantusDB re-indexes the record under every index of the log, about 1.5 ms of its
CPU per event, more than the insert). Deliveries side by side store their events in one bulk
insert (`archive.coalesce`); when those events continue this process's chain without a gap —
the first is the stream sequence after the last one sealed, each the next — they are linked
before they are written, exactly as a pass would link them, and inserted sealed. The rest
are inserted unsealed, for a pass to seal as before.

The guarantees are a pass's: one pass or insert at a time per process (the sealing lock);
the unique `chain_slot` refuses a record linked after a stale head; the insert is ordered,
so a refusal (that slot taken, or the event stored already) stops the chain there. What it
stopped is inserted again unsealed, and the chain is read afresh by the next pass.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Protocol

from pymongo.errors import BulkWriteError

from archive.coalesce import Outcome, Pending, insert_all
from archive.domain.chain import GENESIS, link

if TYPE_CHECKING:
    from archive.repository import SealState

Document = dict[str, Any]


class Log(Protocol):
    events: Any
    sealing: asyncio.Lock
    seal_state: SealState

    async def chain_head(self, contest_id: str) -> Document | None: ...


async def head_of(log: Log, contest_id: str) -> tuple[int, str]:
    """A contest's chain head as stored: (position, record hash), (0, GENESIS) when empty."""
    head = await log.chain_head(contest_id)
    return (int(head["position"]), str(head["record_hash"])) if head else (0, GENESIS)


async def insert_events(
    log: Log, pending: list[Pending[Document]]
) -> dict[Pending[Document], Outcome]:
    """The log records of deliveries side by side, in one ordered bulk insert: those that
    continue the chain sealed, first and in stream order, then the others unsealed."""
    async with log.sealing:
        state = log.seal_state
        run, heads, last = await _continuing(log, pending)
        chained = {id(p) for p, _ in run}
        ordered = [p for p, _ in run] + [p for p in pending if id(p) not in chained]
        documents = [sealed for _, sealed in run] + [p.item for p in ordered[len(run) :]]
        try:
            await log.events.insert_many(documents, ordered=True)
        except BulkWriteError as refused:
            if refused.details.get("writeConcernErrors"):
                state.forget()
                raise
            stopped = int(refused.details["writeErrors"][0]["index"])
            if stopped < len(run):
                state.forget()  # a head was stale, or a record stored before: read afresh
            elif run:
                state.heads, state.last_seq = heads, last
            written: dict[Pending[Document], Outcome] = dict.fromkeys(ordered[:stopped], True)
            # The refused one and those after it, unsealed: each learns its own outcome.
            return written | await insert_all(log.events, ordered[stopped:])
        except BaseException:
            state.forget()  # whether any was written is not known
            raise
        if run:
            state.heads, state.last_seq = heads, last
        return dict.fromkeys(ordered, True)


async def _continuing(
    log: Log, pending: list[Pending[Document]]
) -> tuple[list[tuple[Pending[Document], Document]], dict[str, tuple[int, str]], int | None]:
    """The records that continue the chain from the last sealed sequence, each with its
    sealed document; the heads and last sequence after them."""
    state = log.seal_state
    sealed_to = state.last_seq
    if sealed_to is None:  # no pass has read the chain since this process began or forgot it
        return [], state.heads, None
    last = sealed_to
    heads = dict(state.heads)
    run: list[tuple[Pending[Document], Document]] = []
    for p in sorted(pending, key=lambda p: int(p.item["stream_seq"])):
        record = p.item
        seq = int(record["stream_seq"])
        if seq <= sealed_to:
            continue  # behind the sealed head: a redelivery (stored), or too old to link
        if seq != last + 1:
            break
        contest_id = str(record["contest_id"])
        if contest_id not in heads:
            heads[contest_id] = await head_of(log, contest_id)
        position, prev = heads[contest_id]
        linked = link(record, position + 1, prev)
        slot = f"{contest_id}:{position + 1}"
        # The fields and their order a pass's `$set` gives an unsealed record.
        run.append((p, {**record, **linked, "chain_slot": slot, "sealed": True}))
        heads[contest_id] = (position + 1, str(linked["record_hash"]))
        last = seq
    return run, heads, last
