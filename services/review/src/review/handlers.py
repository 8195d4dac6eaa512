"""Review's event consumers and its answer to notify: thin translators into the modules that
do the work. Every effect is idempotent by event id (at-least-once delivery)."""

from __future__ import annotations

from faststream.nats import NatsRouter

from contracts.events import ReviewScored, SubmissionAmended, SubmissionReceived
from contracts.queries import (
    JUDGE_PORTAL_LINK,
    JudgePortalLink,
    JudgePortalLinkQuery,
    Refusal,
)
from contracts.subjects import Subject
from review.amendments import move_to_new_version
from review.conflict_records import refresh_for_submission
from review.context import Review
from review.judge_auth import issue_portal_link
from review.moves import move_off
from review.scoring import tally_score
from review.submissions import SubmissionVersion, record_version, screen_arrival
from servicekit.broker import consumer
from servicekit.replies import RefusedError, responder


def build_handlers(review: Review) -> NatsRouter:
    router = NatsRouter()
    settings = review.settings

    async def screen_version(event: SubmissionVersion) -> None:
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

    @consumer(router, settings, "screen-received", Subject.SUBMISSION_RECEIVED)
    async def screen_received_submission(event: SubmissionReceived) -> None:
        await screen_version(event)

    @consumer(router, settings, "screen-amended", Subject.SUBMISSION_AMENDED)
    async def screen_amended_submission(event: SubmissionAmended) -> None:
        await screen_version(event)

    @consumer(router, settings, "tally-score", Subject.REVIEW_SCORED)
    async def tally_review_score(event: ReviewScored) -> None:
        await tally_score(review, event)

    @responder(router, settings, JUDGE_PORTAL_LINK)
    async def judge_portal_link(query: JudgePortalLinkQuery) -> JudgePortalLink | Refusal:
        judge = await review.store.judges.get(query.contest_id, query.judge_id)
        if judge is None or judge.withdrawn:
            raise RefusedError("judge-not-found", query.judge_id)
        return await issue_portal_link(review, query.contest_id, query.judge_id)

    return router
