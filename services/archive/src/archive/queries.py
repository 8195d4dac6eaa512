"""Request-reply answered by archive: the applicant status query and the staff commands."""

from __future__ import annotations

from collections.abc import Callable

from faststream.nats import NatsRouter
from nats.js import JetStreamContext

from archive import wide
from archive.rebuild import rebuild, restore
from archive.repository import Archive
from archive.status import submission_status
from archive.verify import verify_chain
from contracts.archive_commands import (
    REBUILD,
    VERIFY_CHAIN,
    ChainReport,
    RebuildArchive,
    RebuildReport,
    VerifyChain,
)
from contracts.queries import (
    SUBMISSION_STATUS,
    Refusal,
    SubmissionStatus,
    SubmissionStatusQuery,
)
from servicekit.replies import RefusedError, responder
from servicekit.settings import ServiceSettings


def build_query_router(
    settings: ServiceSettings,
    archive: Archive,
    jetstream: Callable[[], JetStreamContext],
    rebuild_database: str,
) -> NatsRouter:
    router = NatsRouter()

    @responder(router, settings, SUBMISSION_STATUS)
    async def answer_submission_status(query: SubmissionStatusQuery) -> SubmissionStatus | Refusal:
        record = await archive.submission(query.contest_id, query.submission_id)
        # Another applicant's submission is answered exactly like a missing one.
        if record is None or record.get("applicant_id") != query.applicant_id:
            raise RefusedError("not-found", query.submission_id)
        history = await wide.submission_bodies(archive, query.contest_id, query.submission_id)
        return submission_status(record, history)

    @responder(router, settings, VERIFY_CHAIN)
    async def verify_the_chain(command: VerifyChain) -> ChainReport | Refusal:
        return await verify_chain(archive, command.contest_id, jetstream())

    @responder(router, settings, REBUILD)
    async def rebuild_the_records(command: RebuildArchive) -> RebuildReport | Refusal:
        if command.restore:
            return await restore(jetstream(), archive)
        target = archive.sibling(command.database or rebuild_database)
        if target.name == archive.name:
            raise RefusedError("live-database", "a rebuild never writes into the live database")
        return await rebuild(jetstream(), archive, target)

    return router
