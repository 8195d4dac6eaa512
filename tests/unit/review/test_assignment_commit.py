"""A proposal commits as one batch only when it covers everything it must, and the same
proposal always commits as the same batch."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from review.domain.documents import RuleBrokenError
from review.domain.proposals import Proposal

DUE = datetime(2026, 6, 1, tzinfo=UTC)


def proposal(**changed: Any) -> Proposal:
    fields: dict[str, Any] = {
        "proposal_id": "p-1",
        "contest_id": "c",
        "round": "panel",
        "seed": 7,
        "pairs": (("j-1", "s-1"),),
        "versions": {"s-1": 1},
        "loads": {"j-1": 1},
        "affinity": 1.0,
        "objective": 1.0,
        "uncovered": {},
        "input_hash": "0123456789abcdef0123",
        "proofs": {},
        "complete": True,
        "valid": True,
    }
    return Proposal(**(fields | changed))


def test_a_complete_proposal_commits_as_a_batch_named_by_its_inputs() -> None:
    batch = proposal().batch(DUE)

    assert proposal().batch_id == "b-0123456789abcdef"
    assert (batch.proposal_id, batch.round, batch.due_at) == ("p-1", "panel", DUE)


def test_a_proposal_that_leaves_a_submission_uncovered_is_refused() -> None:
    incomplete = proposal(complete=False, uncovered={"s-2": "every judge conflicted"})

    with pytest.raises(RuleBrokenError, match="s-2") as refused:
        incomplete.batch(DUE)
    assert refused.value.kind == "proposal-incomplete"


def test_a_proposal_that_breaks_a_constraint_is_refused() -> None:
    with pytest.raises(RuleBrokenError) as refused:
        proposal(valid=False).batch(DUE)
    assert refused.value.kind == "proposal-incomplete"


def test_a_judge_below_their_minimum_load_is_committed_only_when_staff_accept_it() -> None:
    short = proposal(unmet_min_loads={"j-1": "1 of at least 2: too few submissions"})

    with pytest.raises(RuleBrokenError, match="accept_unmet_min_loads") as refused:
        short.batch(DUE)
    assert refused.value.kind == "proposal-unmet-min-loads"
    assert short.batch(DUE, accept_unmet_min_loads=True).proposal_id == "p-1"
