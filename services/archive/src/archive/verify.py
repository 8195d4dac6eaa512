"""Recompute the hash chains from the stored records; name the first record that is off."""

from __future__ import annotations

from nats.js import JetStreamContext

from archive.coverage import stream_coverage
from archive.domain.chain import ChainChecker
from archive.repository import Archive
from contracts.archive_commands import ChainMismatch, ChainReport, ContestChain


async def verify_chain(
    archive: Archive, contest_id: str | None = None, js: JetStreamContext | None = None
) -> ChainReport:
    """Every chain recomputed and, given the stream (`js`), the archive held against it."""
    contests = [contest_id] if contest_id else await archive.contest_ids()
    chains = [await _verify_contest(archive, contest) for contest in contests]
    coverage = await stream_coverage(archive, js) if js is not None else None
    return ChainReport(
        intact=all(chain.intact for chain in chains),
        contests=tuple(chains),
        complete=coverage is None or coverage.missing == 0,
        stream=coverage,
    )


async def _verify_contest(archive: Archive, contest_id: str) -> ContestChain:
    checker = ChainChecker()
    async for record in archive.chain(contest_id):
        if checker.feed(record) is not None:
            break
    mismatch = checker.first_mismatch
    return ContestChain(
        contest_id=contest_id,
        checked=checker.checked,
        unsealed=await archive.unsealed_count(contest_id),
        intact=mismatch is None,
        first_mismatch=ChainMismatch(**vars(mismatch)) if mismatch else None,
    )
