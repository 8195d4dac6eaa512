"""Staff commands that run rounds: screening, assignment (propose, commit), closing a round,
and overriding a screening outcome. Each publishes its event; nothing happens on its own.
The rules are the domain's (`review.domain.rounds`, `review.domain.proposals`); a handler
loads, calls, saves, then publishes."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from contracts.events import RoundClosed, RoundStarted, ScreeningOverridden
from contracts.queries import Refusal
from contracts.review_commands import (
    CloseRound,
    CommitAssignment,
    Committed,
    OverrideScreening,
    ProposalView,
    ProposeAssignment,
    Published,
    ScreeningSummary,
    ScreenRound,
)
from review.assigning import commit, make_proposal
from review.context import (
    Configured,
    KnownContests,
    Publishing,
    ScreeningLocks,
    Stored,
    contest_of,
    derived_id,
    refusing,
)
from review.moves import move_off
from review.records import SubmissionDoc
from review.submissions import Screener
from servicekit.replies import RefusedError


async def screen_round(
    command: ScreenRound,
    store: Stored,
    contests: KnownContests,
    publish: Publishing,
    locks: ScreeningLocks,
) -> ScreeningSummary | Refusal:
    contest = await contest_of(contests, command.contest_id)
    await publish(
        RoundStarted(
            event_id=derived_id(command.contest_id, "round-started", "screening"),
            contest_id=command.contest_id,
            round="screening",
            requested_by=command.requested_by,
        )
    )
    screener, changed = Screener(store, contest, publish, locks), 0
    for doc in await store.submissions.all_under(command.contest_id):
        before = (doc.screening, doc.reasons)
        result = await screener.screen(doc)
        changed += before != (result.outcome, result.reasons)
    docs = await store.submissions.all_under(command.contest_id)
    return ScreeningSummary(
        outcomes=dict(Counter(d.state for d in docs)),
        needs_decision=tuple(d.submission_id for d in docs if d.state == "needs_decision"),
        changed=changed,
    )


async def propose_assignment(
    command: ProposeAssignment, store: Stored, contests: KnownContests
) -> ProposalView | Refusal:
    with refusing():
        (await store.state(command.contest_id)).refuse_if_closed(command.round)
    proposal = await make_proposal(store, contests, command.contest_id, command.round, command.seed)
    return ProposalView.model_validate(
        proposal.model_dump(include=set(ProposalView.model_fields) - {"pairs"})
        | {"pairs": len(proposal.pairs)}
    )


async def commit_assignment(
    command: CommitAssignment,
    store: Stored,
    contests: KnownContests,
    publish: Publishing,
    settings: Configured,
) -> Committed | Refusal:
    due_at = command.due_at or datetime.now(UTC) + timedelta(days=settings.review_days)
    batch_id, batch, proposal = await commit(
        store,
        contests,
        publish,
        command.contest_id,
        command.proposal_id,
        due_at,
        accept_unmet_min_loads=command.accept_unmet_min_loads,
        requested_by=command.requested_by,
    )
    return Committed(
        batch_id=batch_id,
        assigned=len(proposal.pairs),
        due_at=batch.due_at,
        proofs=proposal.proofs,
    )


async def close_round(
    command: CloseRound, store: Stored, publish: Publishing
) -> Published | Refusal:
    with refusing():
        await store.update_state(command.contest_id, lambda s: s.closed(command.round))
    event = RoundClosed(
        event_id=derived_id(command.contest_id, "round-closed", command.round),
        contest_id=command.contest_id,
        round=command.round,
        requested_by=command.requested_by,
    )
    await publish(event)
    return Published(event_id=event.event_id)


async def override_screening(
    command: OverrideScreening, store: Stored, contests: KnownContests, publish: Publishing
) -> Published | Refusal:
    def overridden(current: SubmissionDoc | None) -> SubmissionDoc:
        if current is None:
            raise RefusedError("submission-not-found", command.submission_id)
        return current.overridden(command.outcome, command.reason)

    doc = await store.submissions.update(overridden, command.contest_id, command.submission_id)
    assert doc is not None  # `overridden` never answers None
    event = ScreeningOverridden(
        event_id=derived_id(
            command.contest_id, command.submission_id, doc.version, command.outcome, command.reason
        ),
        contest_id=command.contest_id,
        submission_id=command.submission_id,
        outcome=command.outcome,
        reason=command.reason,
        decided_by=command.decided_by,
    )
    await publish(event)
    if command.outcome == "ineligible":
        why = "the submission was ruled ineligible"
        await move_off(store, contests, publish, command.contest_id, [], reason=why)
    return Published(event_id=event.event_id)
