"""A harsh and a lenient judge look apart in their raw scores and alike once normalised."""

from __future__ import annotations

import httpx

from console.views.distributions import distributions, rubric_weights
from tests.unit.console.staff_visits import FakeArchive, sign_in


def reviewed(judge: str, marks: list[float]) -> list[dict[str, object]]:
    return [
        {"submission_id": f"s-{n}", "scores": [{"judge_id": judge, "scores": {"a": m, "b": m}}]}
        for n, m in enumerate(marks)
    ]


def test_a_harsh_and_a_lenient_judge_share_one_normalised_shape():
    rows = reviewed("j-harsh", [2, 3, 4]) + reviewed("j-lenient", [7, 8, 9])

    harsh, lenient = distributions(rows, rubric_weights(None))

    assert [b.value for b in harsh.raw.bars][:3] == [1, 1, 1]
    assert [b.value for b in lenient.raw.bars][-3:] == [1, 1, 1]
    assert [b.value for b in harsh.normalised.bars] == [b.value for b in lenient.normalised.bars]
    assert (harsh.mean, lenient.mean) == (3.0, 8.0)


def test_a_judge_who_gives_every_submission_the_same_score_reads_zero():
    (flat,) = distributions(reviewed("j-flat", [5, 5, 5]), rubric_weights(None))

    assert flat.spread == 0
    assert [b.label for b in flat.normalised.bars if b.value] == ["0–1"]


async def test_the_results_page_draws_each_judges_distributions_with_their_tables(
    client: httpx.AsyncClient, archive: FakeArchive
):
    archive.routes["/v1/archive/submissions"] = {"items": reviewed("j-kim", [4, 6, 8])}
    await sign_in(client)

    page = (await client.get("/console/results")).text

    assert "j-kim: 3 reviews, mean 6.00, spread 1.63" in page
    assert 'aria-labelledby="z-j-kim-caption"' in page
    assert '<th scope="row">-2–-1</th><td class="num">1</td>' in page


async def test_published_results_show_each_peer_group_with_raw_and_normalised_scores(
    client: httpx.AsyncClient, archive: FakeArchive
):
    group = [{"submission_id": "s-1", "rank": 1, "raw_score": 7.25, "normalised_score": 0.81}]
    archive.routes["/v1/archive/contests/seoul-smart-city-prize-2027/results"] = {
        "rounds": [{"round": "committee", "peer_group_rankings": {"tech--region-europe": group}}]
    }
    await sign_in(client)

    page = (await client.get("/console/results")).text

    assert "committee · tech--region-europe" in page
    assert '<td class="num">7.25</td><td class="num">0.81</td>' in page
