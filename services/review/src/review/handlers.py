"""Review's event consumers and its answer to notify: thin translators into the modules that
do the work. Every effect is idempotent by event id (at-least-once delivery)."""

from __future__ import annotations

from contracts.events import ReviewScored, SubmissionAmended, SubmissionReceived
from contracts.queries import JudgePortalLink, JudgePortalLinkQuery, Refusal
from review.amendments import move_to_new_version
from review.conflict_records import refresh_for_submission
from review.context import (
    Configured,
    KnownContests,
    Publish,
    Publishing,
    ScreeningLocks,
    Stored,
)
from review.judge_auth import issue_portal_link
from review.moves import move_off
from review.scoring import tally_score
from review.store import ReviewStore
from review.submissions import SubmissionVersion, record_version, screen_arrival
from servicekit.contests import ContestBucket
from servicekit.locks import NamedLocks
from servicekit.replies import RefusedError


async def screen_version(
    event: SubmissionVersion,
    store: ReviewStore,
    contests: ContestBucket,
    publish: Publish,
    locks: NamedLocks,
) -> None:
    doc = await record_version(store, event)
    if doc.version != event.version:
        return  # a newer version is already kept and screened on its own
    if doc.screening is None:  # else this version was screened and announced already
        await screen_arrival(store, contests, publish, locks, doc)
    late = await refresh_for_submission(store, contests, publish, doc)
    why = "late conflict of interest"
    await move_off(store, contests, publish, doc.contest_id, late, reason=why)
    screened = await store.submissions.get(doc.contest_id, doc.submission_id)
    if screened is not None and screened.version == doc.version:
        await move_to_new_version(store, contests, publish, screened)


async def screen_received_submission(
    event: SubmissionReceived,
    store: Stored,
    contests: KnownContests,
    publish: Publishing,
    locks: ScreeningLocks,
) -> None:
    await screen_version(event, store, contests, publish, locks)


async def screen_amended_submission(
    event: SubmissionAmended,
    store: Stored,
    contests: KnownContests,
    publish: Publishing,
    locks: ScreeningLocks,
) -> None:
    await screen_version(event, store, contests, publish, locks)


async def tally_review_score(event: ReviewScored, store: Stored) -> None:
    await tally_score(store, event)


async def judge_portal_link(
    query: JudgePortalLinkQuery, store: Stored, settings: Configured
) -> JudgePortalLink | Refusal:
    judge = await store.judges.get(query.contest_id, query.judge_id)
    if judge is None or judge.withdrawn:
        raise RefusedError("judge-not-found", query.judge_id)
    return await issue_portal_link(store, settings, query.contest_id, query.judge_id)
