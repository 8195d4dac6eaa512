"""A contest moves through its rounds by the rules of the brief: scoring only in an open
round, finalists after the panel closes, winners among finalists, results frozen once out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from review.domain.documents import RuleBrokenError
from review.domain.rounds import Batch, ContestState

DUE = datetime(2026, 6, 1, tzinfo=UTC)


def panel_batch(proposal_id: str = "p-1") -> Batch:
    return Batch(proposal_id=proposal_id, round="panel", due_at=DUE, event_ids=())


def refused(kind: str) -> pytest.RaisesExc[RuleBrokenError]:
    return pytest.raises(RuleBrokenError, check=lambda error: error.kind == kind)


def test_committing_a_batch_opens_its_round_for_scoring() -> None:
    state = ContestState(contest_id="c").with_batch("b-1", panel_batch())

    assert state.is_open("panel")
    assert state.stage == "panel"
    assert state.batches["b-1"].proposal_id == "p-1"


def test_committing_the_same_batch_again_changes_nothing() -> None:
    state = ContestState(contest_id="c").with_batch("b-1", panel_batch())

    assert state.with_batch("b-1", panel_batch("p-other")) is state


def test_a_closed_round_takes_no_new_batch_and_no_scores() -> None:
    state = ContestState(contest_id="c").with_batch("b-1", panel_batch()).closed("panel")

    assert not state.is_open("panel")
    assert state.stage == "panel-closed"
    with refused("round-closed"):
        state.with_batch("b-2", panel_batch("p-2"))
    with refused("round-closed"):
        state.refuse_if_closed("panel")


def test_a_round_that_never_started_cannot_be_closed() -> None:
    with refused("round-not-open"):
        ContestState(contest_id="c").closed("panel")


def test_finalists_wait_for_the_panel_round_to_close() -> None:
    scoring = ContestState(contest_id="c").with_batch("b-1", panel_batch())

    with refused("round-open"):
        scoring.refuse_finalists_while_scoring()
    scoring.closed("panel").refuse_finalists_while_scoring()
    chosen = scoring.closed("panel").with_finalists({"tech": ("s-1", "s-2")})
    assert chosen.stage == "committee"


def test_winners_must_be_finalists_of_their_category() -> None:
    with refused("finalists-missing"):
        ContestState(contest_id="c").refuse_winners_outside_finalists({"tech": ("s-1",)})
    state = ContestState(contest_id="c").with_finalists({"tech": ("s-1", "s-2")})

    state.refuse_winners_outside_finalists({"tech": ("s-2",)})
    with refused("winner-not-finalist"):
        state.refuse_winners_outside_finalists({"tech": ("s-3",)})
    with refused("winner-not-finalist"):
        state.refuse_winners_outside_finalists({"human": ("s-1",)})


def test_published_results_freeze_the_results_and_the_finalists() -> None:
    state = ContestState(contest_id="c").with_finalists({"tech": ("s-1",)})
    published = state.with_results("e-1", {"event_id": "e-1"}, "normalised", {"k": 1})

    assert published.stage == "published"
    assert published.results_event == {"event_id": "e-1"}
    assert (published.method, published.parameters) == ("normalised", {"k": 1})
    with refused("results-published"):
        published.with_results("e-2", {"event_id": "e-2"}, "raw", {})
    with refused("results-published"):
        published.with_finalists({"tech": ("s-2",)})
