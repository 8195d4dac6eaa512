"""The console's per-judge distributions use review's numbers: the same scores give the same
weighted totals and the same z-scores in both (a test may import both services; their code may
not, so the console keeps its own copy of the rule and this test holds them together)."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.views.distributions import rubric_weights, z_scores
from contracts.contest import Contest, load_contest
from contracts.contest_parts import Rubric
from review.domain.calibration import Rating, review_z_scores, weighted_total

CONTEST_FILE = Path(__file__).parents[3] / "contests" / "seoul-smart-city-prize.yaml"
WEIGHTS = {
    "problem-centred-innovation": 0.3,
    "rational-project-development": 0.1,
    "feasible-budgeting-and-planning": 0.1,
    "project-implementation": 0.2,
    "learning-and-improvement": 0.1,
    "value-generation": 0.2,
}
MARKS = {  # judge → one review's criterion marks per submission, in WEIGHTS' order
    "j-harsh": [[2, 5, 3, 4, 1, 2], [3, 3, 3, 3, 3, 3], [1, 6, 2, 2, 5, 1], [4, 2, 4, 5, 2, 3]],
    "j-lenient": [[8, 6, 9, 7, 9, 8], [9, 9, 6, 8, 7, 9], [7, 10, 8, 6, 8, 7]],
    "j-new": [[6, 2, 7, 5, 4, 6]],  # too few reviews: read against the whole round
}


def criterion_marks(marks: list[int]) -> dict[str, float]:
    return dict(zip(WEIGHTS, map(float, marks), strict=True))


def unequally_weighted() -> Contest:
    contest = load_contest(CONTEST_FILE)
    main = contest.rubrics["main"]
    criteria = [{**c.model_dump(), "weight": WEIGHTS[c.slug]} for c in main.criteria]
    rubric = Rubric.model_validate({**main.model_dump(), "criteria": criteria})
    return contest.model_copy(update={"rubrics": {**contest.rubrics, "main": rubric}})


def archive_rows() -> list[dict[str, object]]:
    rows: dict[str, dict[str, object]] = {}
    for judge, reviews in MARKS.items():
        for n, marks in enumerate(reviews):
            row = rows.setdefault(
                f"s-{n}", {"submission_id": f"s-{n}", "category": "tech-innovacity", "scores": []}
            )
            scores = criterion_marks(marks)
            row["scores"].append({"judge_id": judge, "scores": scores})  # type: ignore[attr-defined]
    return list(rows.values())


def test_the_console_and_review_give_each_review_the_same_total_and_z_score():
    contest = unequally_weighted()
    weights = contest.rubric_for("tech-innovacity").weights()
    ratings = [
        Rating(judge, f"s-{n}", weighted_total(criterion_marks(m), weights))
        for judge, reviews in MARKS.items()
        for n, m in enumerate(reviews)
    ]
    by_review = review_z_scores(ratings)

    console = {
        (r.judge_id, r.submission_id): r for r in z_scores(archive_rows(), rubric_weights(contest))
    }

    assert console.keys() == by_review.keys()
    for key, review in by_review.items():
        assert console[key].score == pytest.approx(review.score)
        assert console[key].z == pytest.approx(review.z)


def test_unequal_weights_change_the_totals_from_the_plain_mean():
    weighted = z_scores(archive_rows(), rubric_weights(unequally_weighted()))
    plain = z_scores(archive_rows(), rubric_weights(None))

    [first_weighted, first_plain] = [found[0].score for found in (weighted, plain)]
    assert first_weighted == pytest.approx(
        0.3 * 2 + 0.1 * 5 + 0.1 * 3 + 0.2 * 4 + 0.1 * 1 + 0.2 * 2
    )
    assert first_plain == pytest.approx(17 / 6)
