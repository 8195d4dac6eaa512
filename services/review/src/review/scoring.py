"""A judge submits or replaces scores: checked against the rubric, kept, then published.

The event id is derived from the assignment, the revision and the sheet, so a retried
request re-publishes the same event (dropped as a duplicate) instead of a second score.
"""

from __future__ import annotations

import json

from contracts.events import ReviewScored
from review.context import Review, derived_id
from review.domain.scoring import score_errors
from review.judge_auth import JudgeCaller
from review.judge_views import my_assignment, submission_of
from review.records import AssignmentDoc, Rating, SubmissionDoc
from servicekit.problems import ProblemError


class _MovedError(Exception):
    """The assignment changed between reading it and writing the new revision."""


async def record_scores(
    review: Review,
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
    noted = {slug: text for slug, text in (criterion_comments or {}).items() if text}
    assignment = await my_assignment(review, judge, assignment_id)
    state = await review.store.state(judge.contest_id)
    if assignment.round not in state.open_rounds or assignment.round in state.closed_rounds:
        raise ProblemError(409, "round-closed", "The round is closed to scoring", assignment.round)
    submission = await submission_of(review, assignment)
    contest = await review.contest(judge.contest_id)
    errors = score_errors(contest.rubric_for(submission.category), scores)
    if errors:
        raise ProblemError(422, "scores-invalid", "The scores do not fit the rubric", errors=errors)
    revision = assignment.revision + 1
    # Per-criterion comments join the sheet only when given, so older ids stay as they were.
    parts: list[object] = [sorted(scores.items()), comment]
    sheet = json.dumps([*parts, sorted(noted.items())] if noted else parts)

    def scored(current: AssignmentDoc | None) -> AssignmentDoc | None:
        if current is None or current.revision != assignment.revision:
            raise _MovedError
        return current.model_copy(
            update={
                "scores": scores,
                "comment": comment,
                "criterion_comments": noted,
                "revision": revision,
                "draft": None,
            }
        )

    try:
        await review.store.assignments.update(
            scored, judge.contest_id, judge.judge_id, assignment_id
        )
    except _MovedError:
        raise ProblemError(
            409, "score-conflict", "Your scores were replaced meanwhile; reload"
        ) from None
    # Only the request whose write won announces it: a loser has changed nothing.
    await review.publish(
        ReviewScored(
            event_id=derived_id(assignment.assignment_id, revision, sheet),
            contest_id=judge.contest_id,
            round=assignment.round,
            assignment_id=assignment.assignment_id,
            judge_id=judge.judge_id,
            submission_id=assignment.submission_id,
            submission_version=assignment.submission_version,
            scores=scores,
            comment=comment,
            criterion_comments=noted,
            revision=revision,
            files_seen=tuple(f.sha256 for f in submission.files),
        )
    )
    return revision


async def tally_score(review: Review, event: ReviewScored) -> None:
    """Count a score on its submission once: by event id, and only a newer revision replaces."""

    def counted(current: SubmissionDoc | None) -> SubmissionDoc | None:
        if current is None:
            raise LookupError(f"submission {event.submission_id} is not known yet")
        if current.has_handled(event.event_id):
            return current
        kept = current.ratings.get(event.assignment_id)
        ratings = dict(current.ratings)
        if kept is None or kept.revision < event.revision:
            ratings[event.assignment_id] = Rating(
                judge_id=event.judge_id,
                scores=event.scores,
                comment=event.comment,
                revision=event.revision,
            )
        return current.model_copy(
            update={"ratings": ratings, "handled": current.handled_plus(event.event_id)}
        )

    await review.store.submissions.bucket.update(
        f"{event.contest_id}.{event.submission_id}", counted
    )
