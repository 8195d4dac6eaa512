"""A judge submits or replaces scores: checked against the rubric, kept, then published.

The rules (the sheet fits the rubric, only over the revision read) are the domain's
(`review.domain.scoring`, `review.domain.reviews`); this module loads, calls, saves, and
publishes only after the write won.
"""

from __future__ import annotations

from contracts.events import ReviewScored
from review.context import Publish, contest_of, derived_id, shared_fields
from review.domain.documents import RuleBrokenError
from review.domain.reviews import ScoreSheet
from review.domain.scoring import score_errors
from review.judge_auth import JudgeCaller
from review.judge_views import my_assignment, submission_of
from review.records import AssignmentDoc, Rating, SubmissionDoc
from review.store import ReviewStore
from servicekit.contests import ContestBucket
from servicekit.problems import ProblemError


async def record_scores(
    store: ReviewStore,
    contests: ContestBucket,
    publish: Publish,
    judge: JudgeCaller,
    assignment_id: str,
    scores: dict[str, float],
    comment: str,
    criterion_comments: dict[str, str] | None = None,
) -> int:
    """Keep a judge's scores, then publish `prize.review.scored`; returns the new revision.
    Raises ProblemError `404 assignment-not-found`, `409 round-closed|score-conflict`,
    `422 scores-invalid`. Submitting clears the judge's draft. A request that loses the
    compare-and-set to another publishes nothing; one whose publish fails after the write
    leaves the scores kept, and the judge's next save announces the newer revision."""
    sheet = ScoreSheet(scores, comment, criterion_comments or {})
    assignment = await my_assignment(store, judge, assignment_id)
    if not (await store.state(judge.contest_id)).is_open(assignment.round):
        raise ProblemError(409, "round-closed", "The round is closed to scoring", assignment.round)
    submission = await submission_of(store, assignment)
    contest = await contest_of(contests, judge.contest_id)
    errors = score_errors(contest.rubric_for(submission.category), scores)
    if errors:
        raise ProblemError(422, "scores-invalid", "The scores do not fit the rubric", errors=errors)

    def scored(current: AssignmentDoc | None) -> AssignmentDoc:
        if current is None:  # gone since read: replaced, like any other change meanwhile
            raise RuleBrokenError("score-conflict", assignment_id)
        return current.scored(sheet, assignment.revision)

    try:
        kept = await store.assignments.update(
            scored, judge.contest_id, judge.judge_id, assignment_id
        )
    except RuleBrokenError:
        raise ProblemError(
            409, "score-conflict", "Your scores were replaced meanwhile; reload"
        ) from None
    assert kept is not None  # `scored` never answers None
    # Only the request whose write won announces it: a loser has changed nothing.
    await publish(scored_event(kept, sheet, submission))
    return kept.revision


def scored_event(kept: AssignmentDoc, sheet: ScoreSheet, submission: SubmissionDoc) -> ReviewScored:
    """The event id is derived from the assignment, the revision and the sheet, so a
    retried publish carries the same id (dropped as a duplicate), never a second score."""
    return ReviewScored(
        event_id=derived_id(kept.assignment_id, kept.revision, sheet.fingerprint()),
        files_seen=tuple(f.sha256 for f in submission.files),
        **shared_fields(kept, ReviewScored),
    )


async def tally_score(store: ReviewStore, event: ReviewScored) -> None:
    """Count a score on its submission once: by event id, and only a newer revision replaces."""
    rating = Rating(
        judge_id=event.judge_id, scores=event.scores, comment=event.comment, revision=event.revision
    )

    def counted(current: SubmissionDoc | None) -> SubmissionDoc:
        if current is None:
            raise LookupError(f"submission {event.submission_id} is not known yet")
        return current.rated(event.event_id, event.assignment_id, rating)

    await store.submissions.update(counted, event.contest_id, event.submission_id)
