"""When a judge withdraws or a late conflict appears, only the affected pairs move:
`prize.review.unassigned` for each, then new `prize.review.assigned` to refill."""

from __future__ import annotations

from collections.abc import Iterable

from contracts.events import ReviewUnassigned
from contracts.review_commands import Moved
from review.assigning import assign_pairs
from review.context import Publish, derived_id
from review.domain.assignment import Pair, reassign
from review.panel import Panel, read_panel
from review.records import AssignmentDoc, SubmissionDoc
from review.store import ReviewStore
from servicekit.contests import ContestBucket


async def move_off(
    store: ReviewStore,
    contests: ContestBucket,
    publish: Publish,
    contest_id: str,
    pairs: Iterable[Pair],
    *,
    reason: str,
) -> Moved:
    requested = set(pairs)
    state = await store.state(contest_id)
    unassigned: list[str] = []
    assigned: list[str] = []
    uncovered: dict[str, str] = {}
    for round_slug in state.open_rounds:
        if round_slug in state.closed_rounds:
            continue
        panel = await read_panel(store, contests, contest_id, round_slug)
        affected = _affected(panel, requested)
        if not affected:
            continue
        eligible = {s.submission_id for s in panel.submissions}
        for gone in (a for a in panel.active if a.submission_id not in eligible):
            await _unassign(store, publish, gone, "the submission is no longer eligible")
            unassigned.append(gone.assignment_id)
        for pool in panel.pools():
            moved = await _move_in_pool(store, publish, panel, pool, round_slug, affected, reason)
            unassigned += moved.unassigned
            assigned += moved.assigned
            uncovered.update(moved.uncovered)
    return Moved(unassigned=tuple(unassigned), assigned=tuple(assigned), uncovered=uncovered)


def _affected(panel: Panel, requested: set[Pair]) -> set[Pair]:
    withdrawn = {j.profile.judge_id for j in panel.judges if j.withdrawn}
    conflicted = {
        (j.profile.judge_id, sid)
        for j in panel.judges
        for sid, c in j.conflicts.items()
        if c.conflicted
    }
    eligible = {s.submission_id for s in panel.submissions}
    return {
        (a.judge_id, a.submission_id)
        for a in panel.active
        if (a.judge_id, a.submission_id) in requested | conflicted
        or a.judge_id in withdrawn
        or a.submission_id not in eligible
    }


async def _move_in_pool(
    store: ReviewStore,
    publish: Publish,
    panel: Panel,
    pool: str,
    round_slug: str,
    affected: set[Pair],
    reason: str,
) -> Moved:
    in_pool = {s.submission_id for s in panel.submissions if panel.pool_of(s) == pool}
    by_pair = {(a.judge_id, a.submission_id): a for a in panel.active}
    current = tuple(sorted(p for p in by_pair if p[1] in in_pool))
    withdrawn = frozenset(j.profile.judge_id for j in panel.judges if j.withdrawn)
    result = reassign(
        panel.problem(pool, 0, keep_active=False),
        current,
        withdrawn_judges=withdrawn,
        new_conflicts=frozenset(affected),
    )
    removed = sorted(set(current) - set(result.pairs))
    # Only the submissions that lost a review are refilled; anything else waits for staff.
    lost = {submission for _, submission in removed}
    added = sorted(p for p in set(result.pairs) - set(current) if p[1] in lost)
    for pair in removed:
        await _unassign(store, publish, by_pair[pair], reason)
    batch_id = "m-" + derived_id(round_slug, *removed)[:18]
    versions = {s.submission_id: s.version for s in panel.submissions}
    due = max((by_pair[p].due_at for p in removed), default=None)
    ids = (
        await assign_pairs(
            store, publish, panel.contest.id, round_slug, batch_id, added, versions, due
        )
        if due
        else []
    )
    return Moved(
        unassigned=tuple(by_pair[p].assignment_id for p in removed),
        assigned=tuple(ids),
        uncovered={u.submission_id: u.reason for u in result.uncovered if u.submission_id in lost},
    )


async def deactivate(store: ReviewStore, assignment: AssignmentDoc) -> None:
    """The assignment no longer on the judge's list; its scores stay as they were."""
    await store.assignments.update(
        lambda current: current.model_copy(update={"active": False}) if current else None,
        assignment.contest_id,
        assignment.judge_id,
        assignment.assignment_id,
    )


async def _unassign(
    store: ReviewStore, publish: Publish, assignment: AssignmentDoc, reason: str
) -> None:
    contest_id = assignment.contest_id
    await deactivate(store, assignment)

    def without_rating(current: SubmissionDoc | None) -> SubmissionDoc | None:
        if current is None or assignment.assignment_id not in current.ratings:
            return current
        ratings = {k: v for k, v in current.ratings.items() if k != assignment.assignment_id}
        return current.model_copy(update={"ratings": ratings})

    await store.submissions.update(without_rating, contest_id, assignment.submission_id)
    await publish(
        ReviewUnassigned(
            event_id=derived_id(assignment.assignment_id, "unassigned"),
            contest_id=contest_id,
            round=assignment.round,
            assignment_id=assignment.assignment_id,
            judge_id=assignment.judge_id,
            submission_id=assignment.submission_id,
            reason=reason,
        )
    )
