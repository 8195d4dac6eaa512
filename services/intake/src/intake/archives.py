"""ZIP-based files are checked where they are stored, through ranged reads: never on disk."""

from __future__ import annotations

import asyncio
from typing import IO, cast

from contracts.contest import Contest
from intake.domain.zipguard import ZipLimitsView, ZipRefusedError, inspect_zip
from intake.problems import problem
from intake.storage import ObjectStore
from intake.uploads import ReceivedFile


async def inspect_stored_zip(store: ObjectStore, received: ReceivedFile, contest: Contest) -> str:
    """The archive's precise type; `422 unsafe-archive` when a guard refuses it."""
    rules = contest.file_rules.zip
    limits = ZipLimitsView(
        rules.max_uncompressed_bytes, rules.max_compression_ratio, rules.max_entries
    )

    def inspect() -> str:
        with store.reader_blocking(received.object_key, received.size) as source:
            return inspect_zip(cast(IO[bytes], source), received.size, limits)

    try:
        return await asyncio.to_thread(inspect)
    except ZipRefusedError as error:
        raise problem("unsafe-archive", f"{received.name}: {error}", file=received.name) from None
