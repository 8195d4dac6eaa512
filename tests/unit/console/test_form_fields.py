"""What staff type into a form reaches review as they typed it: a proposal's round and seed,
every winner ticked across categories."""

from __future__ import annotations

import httpx

from contracts.review_commands import ProposalView, Published, ReviewCommand
from tests.unit.console.staff_visits import FakeReview, sign_in


async def test_a_proposal_asks_for_the_round_and_seed_staff_chose(
    client: httpx.AsyncClient, review: FakeReview
):
    review.answers[ReviewCommand.ROUND_PROPOSE] = lambda body: ProposalView(
        proposal_id="p-1",
        round=body["round"],
        seed=body["seed"],
        pairs=0,
        loads={},
        affinity=0.0,
        objective=0.0,
        uncovered={},
        input_hash="abc",
    )
    token = await sign_in(client)

    await client.post(
        "/console/assignment/propose", data={"csrf": token, "seed": "7", "round": "committee"}
    )

    [sent] = review.sent(ReviewCommand.ROUND_PROPOSE)
    assert (sent["round"], sent["seed"]) == ("committee", 7)


async def test_publishing_sends_every_winner_ticked_in_every_category(
    client: httpx.AsyncClient, review: FakeReview
):
    review.answers[ReviewCommand.RESULTS_PUBLISH] = lambda _: Published(event_id="e-9")
    token = await sign_in(client)
    ticked = ["tech-innovacity:s-1", "tech-innovacity:s-2", "leadership:s-3"]

    await client.post("/console/results/publish", data={"csrf": token, "winner": ticked})

    [sent] = review.sent(ReviewCommand.RESULTS_PUBLISH)
    assert sent["winners"] == {"leadership": ["s-3"], "tech-innovacity": ["s-1", "s-2"]}
