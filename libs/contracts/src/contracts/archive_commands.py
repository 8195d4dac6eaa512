"""Staff commands archive answers over request-reply: verify the chain, rebuild the records."""

from __future__ import annotations

from contracts.commands import Command
from contracts.envelope import Frozen, Slug
from contracts.queries import Reply


class VerifyChain(Frozen):
    """Recompute the hash chain of one contest, or of every contest when none is named."""

    contest_id: Slug | None = None


class ChainMismatch(Frozen):
    position: int
    event_id: str
    stream_seq: int
    reason: str


class ContestChain(Frozen):
    contest_id: str
    checked: int
    unsealed: int = 0
    intact: bool
    first_mismatch: ChainMismatch | None = None


class StreamCoverage(Frozen):
    """The archive held against the event stream: which stream messages it lacks.

    `missing` counts stream messages that are valid events the archive does not hold;
    `not_events` those that are not events (live delivery dead-letters them);
    `missing_ranges` gives the first inclusive ranges of missing stream sequences.
    """

    stream_first_seq: int
    stream_last_seq: int
    stream_messages: int
    archived: int
    missing: int
    not_events: int = 0
    missing_ranges: tuple[tuple[int, int], ...] = ()


class ChainReport(Reply):
    """`intact`: every hash chain recomputes. `complete`: the archive holds every event the
    stream holds (see `stream`); a report that is not both is a failed verification."""

    intact: bool
    contests: tuple[ContestChain, ...]
    complete: bool = True
    stream: StreamCoverage | None = None


class RebuildArchive(Frozen):
    """Replay the whole event stream into a fresh database and compare it with the live one;
    with `restore`, replay it into the live database instead, which then holds every event
    of the stream (each step is idempotent: what it already holds is left as it is)."""

    database: str | None = None
    restore: bool = False


class RebuildReport(Reply):
    database: str
    replayed: int
    last_stream_seq: int
    equal: bool
    differences: dict[str, int]
    restored: int = 0


VERIFY_CHAIN = Command("archive", "verify-chain", VerifyChain, ChainReport)
REBUILD = Command("archive", "rebuild", RebuildArchive, RebuildReport)
