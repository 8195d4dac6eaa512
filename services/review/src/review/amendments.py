"""A contest with `amendment_after_assignment: new_version` (issue 16, kind 4): when a newer
version of an assigned submission arrives, each judge reading an earlier one is moved to it.

Per active assignment of an earlier version, in an open round: the same judge is assigned the
new version in a batch of its own (so notify emails them to score it), then the earlier
assignment is unassigned with the reason `superseded by version N`. Its score is kept on the
submission, marked superseded, and no longer counts in the evaluation. New assignment first,
then the unassignment: a crash between them is finished by the redelivered event, since
assignment ids and event ids are derived and the old assignment is still active.
"""

from __future__ import annotations

from contracts.contest import Contest
from contracts.events import ReviewUnassigned
from review.assigning import assign_pairs
from review.context import Publish, derived_id
from review.moves import deactivate
from review.records import AssignmentDoc, SubmissionDoc
from review.store import ReviewStore


def superseded_reason(version: int) -> str:
    return f"superseded by version {version}"


async def move_to_new_version(
    store: ReviewStore, contest: Contest, publish: Publish, handled: SubmissionDoc
) -> list[str]:
    """The new assignment ids; none unless the contest takes new versions under review and
    the version just handled is still the newest kept, now eligible."""
    if contest.amendment_after_assignment != "new_version":
        return []
    # Read back: its screening is kept by now, and a newer version is moved on its own.
    doc = await store.submissions.get(handled.contest_id, handled.submission_id)
    if doc is None or doc.version != handled.version or not doc.eligible:
        return []
    state = await store.state(doc.contest_id)
    earlier = [
        a
        for a in await store.assignments.all_under(doc.contest_id)
        if a.active
        and a.submission_id == doc.submission_id
        and a.submission_version < doc.version
        and a.round in state.open_rounds
        and a.round not in state.closed_rounds
    ]
    moved = []
    for old in earlier:
        batch_id = "v-" + derived_id(old.assignment_id, doc.version)[:18]
        moved += await assign_pairs(
            store,
            publish,
            doc.contest_id,
            old.round,
            batch_id,
            [(old.judge_id, doc.submission_id)],
            {doc.submission_id: doc.version},
            old.due_at,
        )
        await _supersede(store, publish, old, doc.version)
    return moved


async def _supersede(
    store: ReviewStore, publish: Publish, old: AssignmentDoc, version: int
) -> None:
    await deactivate(store, old)

    def marked(current: SubmissionDoc | None) -> SubmissionDoc | None:
        if current is None or old.assignment_id in current.superseded:
            return current
        return current.model_copy(update={"superseded": (*current.superseded, old.assignment_id)})

    await store.submissions.update(marked, old.contest_id, old.submission_id)
    await publish(
        ReviewUnassigned(
            event_id=derived_id(old.assignment_id, "superseded", version),
            contest_id=old.contest_id,
            round=old.round,
            assignment_id=old.assignment_id,
            judge_id=old.judge_id,
            submission_id=old.submission_id,
            reason=superseded_reason(version),
        )
    )
