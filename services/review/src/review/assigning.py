"""Propose → inspect → commit. A proposal is stored as shown; committing it checks that its
inputs did not change, then records the assignments and publishes one event per pair."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import asdict
from datetime import datetime

from contracts.events import AssignmentCommitted, ReviewAssigned, RoundStarted
from review.context import Publish, derived_id, refusing, shared_fields
from review.domain.assignment import AssignmentProposal, Pair, propose
from review.panel import Panel, assignment_id, fingerprint, read_panel
from review.records import AssignmentDoc, Batch, Proposal
from review.store import ReviewStore
from servicekit.contests import ContestBucket
from servicekit.replies import RefusedError


def inputs_hash(panel: Panel, seed: int) -> str:
    """One hash over every pool's problem: a commit is refused when it no longer matches."""
    hashes = [f"{pool}:{fingerprint(panel.problem(pool, seed))}" for pool in panel.pools()]
    return hashlib.sha256("|".join(hashes).encode()).hexdigest()


def solve(panel: Panel, seed: int) -> dict[str, AssignmentProposal]:
    return {pool: propose(panel.problem(pool, seed)) for pool in panel.pools()}


async def make_proposal(
    store: ReviewStore, contests: ContestBucket, contest_id: str, round_slug: str, seed: int
) -> Proposal:
    panel = await read_panel(store, contests, contest_id, round_slug)
    if not panel.submissions:
        raise RefusedError("nothing-to-assign", "no eligible submission in this contest")
    solved = solve(panel, seed)
    fixed = {(a.judge_id, a.submission_id) for a in panel.active}
    combined = inputs_hash(panel, seed)
    proposal = Proposal(
        proposal_id=f"p-{combined[:16]}",
        contest_id=contest_id,
        round=round_slug,
        seed=seed,
        pairs=tuple(sorted(pair for p in solved.values() for pair in p.pairs if pair not in fixed)),
        versions={s.submission_id: s.version for s in panel.submissions},
        loads={j: n for p in solved.values() for j, n in p.loads.items()},
        affinity=float(sum(p.total_affinity for p in solved.values())),
        objective=float(sum(p.proof.objective for p in solved.values())),
        uncovered={u.submission_id: u.reason for p in solved.values() for u in p.uncovered},
        unmet_min_loads={
            m.judge_id: f"{m.assigned} of at least {m.minimum}: {m.reason}"
            for p in solved.values()
            for m in p.unmet_minimums
        },
        input_hash=combined,
        proofs={pool: {**asdict(p.proof), "spread": p.spread} for pool, p in solved.items()},
        complete=all(p.complete for p in solved.values()),
        valid=all(p.valid for p in solved.values()),
    )
    await store.proposals.put(proposal, contest_id, proposal.proposal_id)
    return proposal


async def commit(
    store: ReviewStore,
    contests: ContestBucket,
    publish: Publish,
    contest_id: str,
    proposal_id: str,
    due_at: datetime,
    *,
    accept_unmet_min_loads: bool = False,
    requested_by: str = "",
) -> tuple[str, Batch, Proposal]:
    proposal = await store.proposals.get(contest_id, proposal_id)
    if proposal is None:
        raise RefusedError("proposal-not-found", proposal_id)
    with refusing():
        batch = proposal.batch(due_at, accept_unmet_min_loads=accept_unmet_min_loads)
    batch_id = proposal.batch_id
    if batch_id not in (await store.state(contest_id)).batches:
        panel = await read_panel(store, contests, contest_id, proposal.round)
        if inputs_hash(panel, proposal.seed) != proposal.input_hash:
            raise RefusedError(
                "proposal-stale", "judges, conflicts or submissions changed; propose again"
            )
    with refusing():
        state = await store.update_state(
            contest_id, lambda state: state.with_batch(batch_id, batch)
        )
    batch = state.batches[batch_id]
    await publish(
        AssignmentCommitted(
            event_id=derived_id(batch_id, "committed"),
            batch_id=batch_id,
            due_at=batch.due_at,
            accepted_unmet_min_loads=proposal.unmet_min_loads,
            requested_by=requested_by,
            **shared_fields(proposal, AssignmentCommitted),
        )
    )
    await publish(
        RoundStarted(
            event_id=derived_id(contest_id, "round-started", proposal.round),
            contest_id=contest_id,
            round=proposal.round,
            due_at=batch.due_at,
            requested_by=requested_by,
        )
    )
    await assign_pairs(
        store,
        publish,
        contest_id,
        proposal.round,
        batch_id,
        proposal.pairs,
        proposal.versions,
        batch.due_at,
    )
    return batch_id, batch, proposal


def _keep_or(new: AssignmentDoc, current: AssignmentDoc | None) -> AssignmentDoc:
    return current or new


async def assign_pairs(
    store: ReviewStore,
    publish: Publish,
    contest_id: str,
    round_slug: str,
    batch_id: str,
    pairs: tuple[Pair, ...] | list[Pair],
    versions: dict[str, int],
    due_at: datetime,
) -> list[str]:
    """Record each assignment (idempotently), then publish `prize.review.assigned` for it."""
    ids = []
    for judge_id, submission_id in pairs:
        aid = assignment_id(batch_id, (judge_id, submission_id))
        doc = AssignmentDoc(
            contest_id=contest_id,
            assignment_id=aid,
            round=round_slug,
            judge_id=judge_id,
            submission_id=submission_id,
            submission_version=versions[submission_id],
            batch_id=batch_id,
            due_at=due_at,
        )
        await store.assignments.update(functools.partial(_keep_or, doc), contest_id, judge_id, aid)
        fields = shared_fields(doc, ReviewAssigned)
        await publish(ReviewAssigned(event_id=derived_id(batch_id, aid), **fields))
        ids.append(aid)
    return ids
