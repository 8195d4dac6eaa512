"""What a judge does on the portal beyond reading: keep a draft, submit (through
`review.scoring.record_scores`, like the judge API), and declare a conflict, which moves the
submission on to another judge (`review.moves.move_off`, like a staff pin)."""

from __future__ import annotations

from datetime import UTC, datetime

from review.conflict_records import pin
from review.context import Publish
from review.judge_auth import JudgeCaller
from review.judge_views import my_assignment
from review.moves import move_off
from review.portal.sheet import Typed
from review.records import AssignmentDoc, ContestState, Draft
from review.store import ReviewStore
from servicekit.contests import ContestBucket


class RoundClosedError(Exception):
    """The assignment's round no longer takes scores or drafts."""


def round_open(state: ContestState, assignment: AssignmentDoc) -> bool:
    return assignment.round in state.open_rounds and assignment.round not in state.closed_rounds


async def save_draft(
    store: ReviewStore, judge: JudgeCaller, assignment_id: str, typed: Typed
) -> None:
    """Keep what the judge typed, unchecked; raises RoundClosedError, ProblemError 404."""
    assignment = await my_assignment(store, judge, assignment_id)
    if not round_open(await store.state(judge.contest_id), assignment):
        raise RoundClosedError(assignment.round)
    draft = Draft(
        scores=typed.scores,
        comments=typed.comments,
        comment=typed.comment,
        saved_at=datetime.now(UTC),
    )

    def drafted(current: AssignmentDoc | None) -> AssignmentDoc | None:
        return current.model_copy(update={"draft": draft}) if current else None

    await store.assignments.update(drafted, judge.contest_id, judge.judge_id, assignment_id)


async def declare_conflict(
    store: ReviewStore,
    contests: ContestBucket,
    publish: Publish,
    judge: JudgeCaller,
    assignment_id: str,
    reason: str,
) -> None:
    """Record the judge's declared conflict (kept through re-detection) and move the pair
    off; the submission gets another judge where one is free. Raises ProblemError 404."""
    assignment = await my_assignment(store, judge, assignment_id)
    _, late = await pin(
        store,
        publish,
        judge.contest_id,
        judge.judge_id,
        assignment.submission_id,
        True,
        f"declared by the judge: {reason}",
        source="declared",
    )
    await move_off(
        store,
        contests,
        publish,
        judge.contest_id,
        [*late, (judge.judge_id, assignment.submission_id)],
        reason="conflict of interest declared by the judge",
    )
