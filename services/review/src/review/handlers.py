"""Review's event consumers and its answer to notify: thin translators into the modules that
do the work. Every effect is idempotent by event id (at-least-once delivery)."""

from __future__ import annotations

from contracts.events import ReviewScored, SubmissionAmended, SubmissionReceived
from contracts.queries import JudgePortalLink, JudgePortalLinkQuery, Refusal
from review.amendments import move_to_new_version
from review.conflict_records import refresh_for_submission
from review.context import Review, Reviewing, Stored
from review.judge_auth import issue_portal_link
from review.moves import move_off
from review.scoring import tally_score
from review.submissions import SubmissionVersion, record_version, screen_arrival
from servicekit.replies import RefusedError


async def screen_version(review: Review, event: SubmissionVersion) -> None:
    doc = await record_version(review, event)
    if doc.version != event.version:
        return  # a newer version is already kept and screened on its own
    if doc.screening is None:  # else this version was screened and announced already
        await screen_arrival(review, doc)
    late = await refresh_for_submission(review, doc)
    await move_off(review, doc.contest_id, late, reason="late conflict of interest")
    screened = await review.store.submissions.get(doc.contest_id, doc.submission_id)
    if screened is not None and screened.version == doc.version:
        await move_to_new_version(review, screened)


async def screen_received_submission(event: SubmissionReceived, review: Reviewing) -> None:
    await screen_version(review, event)


async def screen_amended_submission(event: SubmissionAmended, review: Reviewing) -> None:
    await screen_version(review, event)


async def tally_review_score(event: ReviewScored, store: Stored) -> None:
    await tally_score(store, event)


async def judge_portal_link(
    query: JudgePortalLinkQuery, review: Reviewing
) -> JudgePortalLink | Refusal:
    judge = await review.store.judges.get(query.contest_id, query.judge_id)
    if judge is None or judge.withdrawn:
        raise RefusedError("judge-not-found", query.judge_id)
    return await issue_portal_link(review, query.contest_id, query.judge_id)
