"""Staff commands archive answers over request-reply: verify the chain, rebuild the records."""

from __future__ import annotations

from typing import Literal

from contracts.envelope import Frozen, Slug
from contracts.subjects import command_subject

VERIFY_CHAIN = command_subject("archive", "verify-chain")
REBUILD = command_subject("archive", "rebuild")


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


class ChainReport(Frozen):
    ok: Literal[True] = True
    intact: bool
    contests: tuple[ContestChain, ...]


class RebuildArchive(Frozen):
    """Replay the whole event stream into a fresh database and compare it with the live one."""

    database: str | None = None


class RebuildReport(Frozen):
    ok: Literal[True] = True
    database: str
    replayed: int
    last_stream_seq: int
    equal: bool
    differences: dict[str, int]
