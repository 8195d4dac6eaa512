"""The archive held against the event stream: does it lack events the stream has?

The stream is the source of truth (the archive is rebuilt from it), so an archive that lost
records — a wiped database, a restore from an old backup — is found here even when every
hash chain it still holds recomputes.
"""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from pydantic import ValidationError

from archive.repository import Archive
from contracts.archive_commands import StreamCoverage
from contracts.events import parse_event
from contracts.subjects import Stream

# Past this many absent sequences, the rest are counted as missing without reading each one.
CLASSIFY_AT_MOST = 2000
RANGES_SHOWN = 20


async def stream_coverage(archive: Archive, js: JetStreamContext) -> StreamCoverage:
    """One read of the stream's state, one index-only pass over the archived sequences, and
    one `get_msg` per absent sequence (up to `CLASSIFY_AT_MOST`) to tell events from
    messages that are not events, or events the stream holds twice."""
    state = (await js.stream_info(Stream.EVENTS)).state
    first, last = int(state.first_seq or 0), int(state.last_seq or 0)
    held = await archive.stream_seqs(first, last) if last else set()
    absent = [seq for seq in range(max(first, 1), last + 1) if seq not in held] if last else []
    missing: list[int] = []
    not_events = 0
    for index, seq in enumerate(absent):
        kind = await _classify(archive, js, seq) if index < CLASSIFY_AT_MOST else "missing"
        if kind == "missing":
            missing.append(seq)
        not_events += kind == "not-event"
    return StreamCoverage(
        stream_first_seq=first,
        stream_last_seq=last,
        stream_messages=int(state.messages or 0),
        archived=len(held),
        missing=len(missing),
        not_events=not_events,
        missing_ranges=ranges(missing)[:RANGES_SHOWN],
    )


async def _classify(archive: Archive, js: JetStreamContext, seq: int) -> str:
    try:
        message = await js.get_msg(Stream.EVENTS, seq)
    except NotFoundError:
        return "deleted"
    try:
        event = parse_event(message.data or b"")
    except (ValidationError, ValueError):
        return "not-event"
    # The same event stored twice in the stream (re-published past the duplicate window).
    return "duplicate" if await archive.holds(event.event_id) else "missing"


def ranges(sequences: list[int]) -> list[tuple[int, int]]:
    """Sorted sequences as inclusive ranges: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for seq in sequences:
        if found and found[-1][1] == seq - 1:
            found[-1] = (found[-1][0], seq)
        else:
            found.append((seq, seq))
    return found
