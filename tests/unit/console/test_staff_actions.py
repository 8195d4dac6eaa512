"""Every change a secretariat member makes goes to review as the CLI's command, naming them
where the command keeps who decided; a bad input is named on the page and nothing is sent."""

from __future__ import annotations

import httpx

from contracts.review_commands import (
    Committed,
    FinalistsView,
    JudgeList,
    JudgesImported,
    Moved,
    ProposalView,
    Published,
    ReviewCommand,
)
from contracts.review_events import RankedSubmission
from tests.unit.console.staff_visits import FakeArchive, FakeReview, sign_in

DECIDE = "/console/screening/s-3"
GOOD_ROW = "j-kim,Kim Min,kim@example.org,KR,Seoul,mobility;safety"


def judges_known(review: FakeReview) -> None:
    review.answers[ReviewCommand.JUDGES_LIST] = lambda _: JudgeList(judges=())


async def test_a_flagged_submission_is_decided_with_a_note_and_the_deciders_name(
    client: httpx.AsyncClient, review: FakeReview
):
    review.answers[ReviewCommand.SCREENING_OVERRIDE] = lambda _: Published(event_id="e-1")
    token = await sign_in(client, "mina")

    answer = await client.post(
        DECIDE, data={"csrf": token, "outcome": "eligible", "note": "Letter arrived by post"}
    )

    assert answer.status_code == 303
    (sent,) = review.sent(ReviewCommand.SCREENING_OVERRIDE)
    assert sent["decided_by"] == "mina"
    assert sent["reason"] == "Letter arrived by post"
    assert sent["outcome"] == "eligible"


async def test_a_decision_without_a_note_is_refused_beside_the_field(
    client: httpx.AsyncClient, review: FakeReview
):
    token = await sign_in(client)

    answer = await client.post(DECIDE, data={"csrf": token, "outcome": "eligible", "note": " "})

    assert answer.status_code == 422
    assert 'href="#note-s-3"' in answer.text
    assert "a decision needs its reason" in answer.text
    assert review.sent(ReviewCommand.SCREENING_OVERRIDE) == []


async def test_a_judge_file_with_a_bad_line_names_the_line_and_imports_nothing(
    client: httpx.AsyncClient, review: FakeReview
):
    judges_known(review)
    token = await sign_in(client)
    content = "judge_id,name,email,country,city,expertise\n" + GOOD_ROW + "\n"
    content += "j-lee,Lee,not-an-address,KR,Busan,\n"

    answer = await client.post(
        "/console/judges/import",
        data={"csrf": token},
        files={"file": ("judges.csv", content.encode(), "text/csv")},
    )

    assert answer.status_code == 422
    assert "line 3, column email" in answer.text
    assert review.sent(ReviewCommand.JUDGES_IMPORT) == []


async def test_a_good_judge_file_is_imported_with_its_lists_split(
    client: httpx.AsyncClient, review: FakeReview
):
    judges_known(review)
    review.answers[ReviewCommand.JUDGES_IMPORT] = lambda _: JudgesImported(
        registered=("j-kim",), unchanged=(), conflicts=2
    )
    token = await sign_in(client)
    content = "\ufeffjudge_id,name,email,country,city,expertise\n" + GOOD_ROW + "\n"

    answer = await client.post(
        "/console/judges/import",
        data={"csrf": token},
        files={"file": ("judges.csv", content.encode(), "text/csv")},
    )

    assert "1 registered, 0 unchanged, 2 conflicts detected" in answer.text
    (sent,) = review.sent(ReviewCommand.JUDGES_IMPORT)
    assert sent["judges"][0]["expertise"] == ["mobility", "safety"]
    assert sent["requested_by"] == "mina"


async def test_withdrawing_a_judge_shows_what_moved(client: httpx.AsyncClient, review: FakeReview):
    judges_known(review)
    review.answers[ReviewCommand.JUDGE_WITHDRAW] = lambda _: Moved(
        unassigned=("a-1",), assigned=("a-2",), uncovered={}
    )
    token = await sign_in(client)

    answer = await client.post(
        "/console/judges/j-kim/withdraw", data={"csrf": token, "reason": "ill"}
    )

    assert "1 assignments moved away, 1 new ones made." in answer.text
    assert review.sent(ReviewCommand.JUDGE_WITHDRAW)[0]["decided_by"] == "mina"


async def test_a_proposal_shows_loads_as_table_and_histogram_then_commits_with_its_proof(
    client: httpx.AsyncClient, review: FakeReview
):
    review.answers[ReviewCommand.ROUND_PROPOSE] = lambda _: ProposalView(
        proposal_id="p-1",
        round="panel",
        seed=0,
        pairs=5,
        loads={"j-a": 3, "j-b": 2},
        affinity=4.0,
        objective=-9.0,
        uncovered={"s-9": "every judge is in conflict"},
        input_hash="abc",
    )
    review.answers[ReviewCommand.ROUND_COMMIT] = lambda _: Committed(
        batch_id="b-1",
        assigned=5,
        due_at="2027-07-01T09:00:00Z",
        proofs={"main": {"solver": "min-cost-flow", "seed": 0}},
    )
    token = await sign_in(client)

    proposal = await client.post("/console/assignment/propose", data={"csrf": token, "seed": "0"})
    committed = await client.post(
        "/console/assignment/commit",
        data={"csrf": token, "proposal_id": "p-1", "due": "2027-07-01T09:00"},
    )

    assert '<th scope="row">j-a</th><td class="num">3</td>' in proposal.text
    assert "<svg" in proposal.text
    assert "s-9: every judge is in conflict" in proposal.text
    assert "min-cost-flow" in committed.text
    (sent,) = review.sent(ReviewCommand.ROUND_COMMIT)
    assert sent["due_at"] == "2027-07-01T09:00:00Z"
    assert sent["requested_by"] == "mina"
    assert review.sent(ReviewCommand.ROUND_PROPOSE)[0]["requested_by"] == "mina"


async def test_publishing_first_names_who_is_emailed_then_publishes_in_the_staffs_name(
    client: httpx.AsyncClient, review: FakeReview, archive: FakeArchive
):
    review.answers[ReviewCommand.RESULTS_PUBLISH] = lambda _: Published(event_id="e-9")
    token = await sign_in(client)
    winner = {"csrf": token, "winner": ["tech-innovacity:s-1"]}

    confirm = await client.post("/console/results/confirm", data=winner)
    published = await client.post("/console/results/publish", data=winner)

    assert "A congratulation (winner) email to 1 submissions" in confirm.text
    assert "s-1 (, Tallinn)" in confirm.text
    assert "A results email with their rank to 1 submissions" in confirm.text
    assert review.sent(ReviewCommand.RESULTS_PUBLISH) == [
        {
            "contest_id": "seoul-smart-city-prize-2027",
            "decided_by": "mina",
            "winners": {"tech-innovacity": ["s-1"]},
        }
    ]
    assert "Results published (event e-9)" in published.text


async def test_selecting_finalists_shows_stability_and_ties(
    client: httpx.AsyncClient, review: FakeReview, archive: FakeArchive
):
    review.answers[ReviewCommand.FINALISTS_SELECT] = lambda _: FinalistsView(
        event_id="e-2",
        finalists={"leadership": ("s-3",)},
        stable={"leadership": False},
        ties={"leadership": (("s-3", "s-4"),)},
        rankings={
            "leadership": (
                RankedSubmission(submission_id="s-3", rank=1, raw_score=8.25, normalised_score=8.9),
                RankedSubmission(submission_id="s-4", rank=1, raw_score=8.25, normalised_score=7.1),
            )
        },
    )
    token = await sign_in(client)

    page = await client.post(
        "/console/results/finalists", data={"csrf": token, "method": "raw_mean"}
    )

    assert "the top places change between methods" in page.text
    assert "Tie in leadership: s-3, s-4 share a rank" in page.text
    # The ranking chosen from, raw and normalised side by side, before anything is published.
    assert "The ranking the finalists were chosen from, leadership" in page.text
    assert all(score in page.text for score in ("8.25", "8.90", "7.10"))
    assert review.sent(ReviewCommand.FINALISTS_SELECT)[0]["method"] == "raw_mean"
