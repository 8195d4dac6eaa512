"""Appending to the event log and sealing it into per-contest hash chains.

The chain's order is the JetStream stream sequence, not arrival order: a redelivered message
or a second replica can store events out of order, but sealing walks the stream sequence, so
the live chain and a rebuild from the stream are the same chain. A record is sealed only when
every earlier sequence is either stored or passed by the consumer's ack floor (a message that
was dead-lettered, or an event the stream held twice, leaves a gap that is then skipped).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from archive import parsed
from archive.causes import applicant_of, cause_of
from archive.domain.chain import body_hash, link
from archive.presealed import head_of
from archive.repository import Archive, SealState
from contracts.envelope import Event

AckFloor = Callable[[], Awaitable[int]]
_BATCH = 500


async def append(
    archive: Archive, event: Event, submission_ids: list[str], *, subject: str, stream_seq: int
) -> bool:
    """False when the event was archived before (a redelivery, or the same event re-published).
    `submission_ids`: what it is about (see `causes.submissions_of`)."""
    body = event.model_dump(mode="json")
    parsed.keep(body, event)  # the fold that follows reads this body back
    cause = cause_of(event)
    occurred_at: datetime = event.occurred_at
    return await archive.insert_event(
        {
            "event_id": event.event_id,
            "contest_id": event.contest_id,
            "event_type": event.event_type,
            "subject": subject,
            "stream_seq": stream_seq,
            "occurred_at": occurred_at,
            "submission_ids": submission_ids,
            **({"cause_event_id": cause} if cause is not None else {}),
            **({"applicant_id": applicant} if (applicant := applicant_of(event)) else {}),
            "body": body,
            "body_hash": body_hash(body),
        }
    )


async def seal(archive: Archive, ack_floor: AckFloor) -> int:
    """Link every record that can be linked now, in stream order; returns how many.

    One pass at a time per process (deliveries side by side and the periodic pass all call
    this), and passes coalesce: a call that waited while another pass ran returns at once
    when a pass that began after the call was made has finished — that pass already saw the
    caller's record. The last sealed sequence and each chain's head are remembered between
    passes rather than sorted out of the log each time. The links of a pass are written in
    one round trip (`Archive.seal_all`), not one per record; a write that finds the log moved
    on (another replica sealed first: the record or the position is taken) forgets them and
    stops. Records that continued the chain when stored were sealed by their insert
    (`archive.presealed`): a pass links the others.
    """
    state = archive.seal_state
    state.requested += 1
    ticket = state.requested
    async with archive.sealing:
        if state.completed >= ticket:
            return 0
        began = state.requested
        try:
            sealed = await _seal(archive, state, ack_floor)
        except BaseException:
            state.forget()
            raise
        state.completed = began
        return sealed


async def _seal(archive: Archive, state: SealState, ack_floor: AckFloor) -> int:
    if state.last_seq is None:
        state.last_seq = await archive.last_sealed_seq()
    floor = _Floor(ack_floor)
    sealed = 0
    while batch := await archive.unsealed_after(state.last_seq, _BATCH):
        heads, last = dict(state.heads), state.last_seq
        links: list[tuple[str, str, dict[str, object]]] = []
        for record in batch:
            seq = int(record["stream_seq"])
            if seq != last + 1 and seq - 1 > await floor.read():
                break  # an earlier message is still in flight
            contest_id = str(record["contest_id"])
            if contest_id not in heads:
                heads[contest_id] = await head_of(archive, contest_id)
            position, prev = heads[contest_id]
            linked = link(record, position + 1, prev)
            links.append((str(record["event_id"]), contest_id, linked))
            heads[contest_id] = (position + 1, str(linked["record_hash"]))
            last = seq
        done = await archive.seal_all(links) if links else 0
        sealed += done
        if done < len(links):
            state.forget()
            return sealed  # another replica is sealing; it carries on from here
        state.heads, state.last_seq = heads, last
        if len(links) < len(batch) or len(batch) < _BATCH:
            break  # stopped at a gap, or a short batch was all there was
    return sealed


class _Floor:
    """The consumer's ack floor, asked at most once per pass (a NATS request) and only when
    a gap needs it."""

    def __init__(self, ack_floor: AckFloor) -> None:
        self._ack_floor = ack_floor
        self._value: int | None = None

    async def read(self) -> int:
        if self._value is None:
            self._value = await self._ack_floor()
        return self._value
