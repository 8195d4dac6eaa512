"""Ties over the real servers (issue 16): equal aggregates share a rank in the published
results, and a tie at the finalists' cut is refused to the automatic pick until staff decide."""

from __future__ import annotations

import pytest
from test_review_round import (  # type: ignore[import-not-found]
    World,
    commit_panel,
    sheet,
    world,
)

from cityprize.bus import CommandRefusedError
from contracts.contest import Contest
from contracts.review_commands import (
    CloseRound,
    FinalistsView,
    Published,
    PublishResults,
    ReviewCommand,
    SelectFinalists,
)
from contracts.subjects import Subject
from servicekit.embedded import S3Server

CATEGORY = "tech-innovacity"


def one_finalist(contest: Contest) -> Contest:
    categories = tuple(
        c.model_copy(update={"finalists": 1}) if c.slug == CATEGORY else c
        for c in contest.categories
    )
    return contest.model_copy(update={"categories": categories})


async def score(w: World, value_of: dict[str, int]) -> None:
    """Every judge gives each submission the value it is listed with, on every criterion."""
    for judge_id in ("j-jp", "j-us", "j-de", "j-kr", "j-fr"):
        headers = {"Authorization": f"Bearer {await w.token(judge_id)}"}
        for item in (await w.http.get("/v1/judge/assignments", headers=headers)).json():
            url = f"/v1/judge/assignments/{item['assignment_id']}"
            opened = (await w.http.get(url, headers=headers)).json()
            value = value_of[opened["submission"]["submission_id"]]
            put = await w.http.put(f"{url}/scores", json=sheet(w.contest, value), headers=headers)
            assert put.status_code == 200, put.text
    await w.ask(ReviewCommand.ROUND_CLOSE, CloseRound(contest_id=w.contest.id), Published)


async def test_two_applications_with_identical_scores_are_not_split_at_the_cut_by_their_ids(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    contest = one_finalist(seoul_contest)
    async with world(nats_url, s3_server, s3_bucket, contest) as w:
        await commit_panel(w)
        await score(w, {"s-ke": 8, "s-br": 8, "s-fr": 6, "s-vn": 5})

        automatic = SelectFinalists(contest_id=contest.id, method="raw_mean")
        with pytest.raises(CommandRefusedError, match="tie-at-cut") as refused:
            await w.ask(ReviewCommand.FINALISTS_SELECT, automatic, FinalistsView)
        assert "s-br, s-ke share the last finalist place" in str(refused.value)
        assert await w.events(Subject.FINALISTS_SELECTED) == []

        decided = await w.ask(
            ReviewCommand.FINALISTS_SELECT,
            automatic.model_copy(update={"selection": {CATEGORY: ("s-br",)}}),
            FinalistsView,
        )
        assert decided.finalists == {CATEGORY: ("s-br",)}
        assert decided.stable[CATEGORY] is False
        assert decided.ties == {CATEGORY: (("s-br", "s-ke"),)}


async def test_a_four_way_tie_shares_first_place_in_the_published_results(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    contest = one_finalist(seoul_contest)
    async with world(nats_url, s3_server, s3_bucket, contest) as w:
        await commit_panel(w)
        await score(w, dict.fromkeys(("s-ke", "s-br", "s-fr", "s-vn"), 7))

        with pytest.raises(CommandRefusedError, match="s-br, s-fr, s-ke, s-vn share"):
            await w.ask(
                ReviewCommand.FINALISTS_SELECT,
                SelectFinalists(contest_id=contest.id),
                FinalistsView,
            )
        await w.ask(
            ReviewCommand.FINALISTS_SELECT,
            SelectFinalists(contest_id=contest.id, selection={CATEGORY: ("s-vn",)}),
            FinalistsView,
        )
        decision = PublishResults(
            contest_id=contest.id, decided_by="committee", winners={CATEGORY: ("s-vn",)}
        )
        await w.ask(ReviewCommand.RESULTS_PUBLISH, decision, Published)

        [results] = await w.events(Subject.RESULTS_PUBLISHED)
        assert [(r["submission_id"], r["rank"]) for r in results["rankings"][CATEGORY]] == [
            ("s-br", 1),
            ("s-fr", 1),
            ("s-ke", 1),
            ("s-vn", 1),
        ]
        # Nairobi (KE) and Da Nang (VN) are both lower-middle income: tied within their peers too.
        peers = results["peer_group_rankings"]["tech-innovacity--income-lower-middle"]
        assert [(r["submission_id"], r["rank"]) for r in peers] == [("s-ke", 1), ("s-vn", 1)]
        assert results["parameters"]["tie_break"] == []
        assert "share a rank" in results["parameters"]["ranks"]
