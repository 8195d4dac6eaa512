"""Review's event consumers and its answer to notify: thin translators into the modules that
do the work. Every effect is idempotent by event id (at-least-once delivery)."""

from __future__ import annotations

from contracts.events import ArrivingVersion, ReviewScored
from contracts.queries import JudgePortalLink, JudgePortalLinkQuery, Refusal
from review.amendments import move_to_new_version
from review.conflict_records import refresh_for_submission
from review.context import (
    Configured,
    KnownContests,
    Publishing,
    ScreeningLocks,
    Stored,
    known_contest,
)
from review.judge_auth import issue_portal_link
from review.moves import move_off
from review.scoring import tally_score
from review.submissions import Screener, record_version
from servicekit.concurrently import together
from servicekit.replies import RefusedError


async def screen_submission_version(
    event: ArrivingVersion,
    store: Stored,
    contests: KnownContests,
    publish: Publishing,
    locks: ScreeningLocks,
) -> None:
    """A received or an amended version alike (each subject has its own durable). The
    contest is read once, beside the version's record, for every step of this event."""
    (doc, revision), configured = await together(
        record_version(store, event), contests.get(event.contest_id)
    )
    if doc.version != event.version:
        return  # a newer version is already kept and screened on its own
    contest = known_contest(configured, event.contest_id)
    if doc.screening is None:  # else this version was screened and announced already
        await Screener(store, contest, publish, locks).screen_arrival(doc, revision)
    late = await refresh_for_submission(store, contest, publish, doc)
    why = "late conflict of interest"
    await move_off(store, contests, publish, doc.contest_id, late, reason=why)
    await move_to_new_version(store, contest, publish, doc)


async def tally_review_score(event: ReviewScored, store: Stored) -> None:
    await tally_score(store, event)


async def judge_portal_link(
    query: JudgePortalLinkQuery, store: Stored, settings: Configured
) -> JudgePortalLink | Refusal:
    judge = await store.judges.get(query.contest_id, query.judge_id)
    if judge is None or judge.withdrawn:
        raise RefusedError("judge-not-found", query.judge_id)
    return await issue_portal_link(store, settings, query.contest_id, query.judge_id)
