"""A judge's scores must cover every criterion, on the contest's scale and step."""

from __future__ import annotations

from contracts.contest_parts import Criterion, Rubric, Scale
from review.domain.scoring import score_errors

RUBRIC = Rubric(
    scale=Scale(min=1, max=10, step=0.5),
    criteria=(Criterion(slug="impact", name="Impact"), Criterion(slug="cost", name="Cost")),
)


def test_scores_for_every_criterion_on_the_scale_are_accepted():
    assert score_errors(RUBRIC, {"impact": 7.5, "cost": 1}) == {}


def test_every_problem_is_named_per_criterion():
    errors = score_errors(RUBRIC, {"impact": 10.5, "extra": 3})
    assert errors == {
        "extra": "not a criterion of this rubric",
        "cost": "missing: every criterion must be scored",
        "impact": "must be between 1 and 10",
    }


def test_a_score_between_steps_or_not_a_number_is_refused():
    assert score_errors(RUBRIC, {"impact": 7.25, "cost": float("nan")}) == {
        "impact": "must be on steps of 0.5 from 1",
        "cost": "must be between 1 and 10",
    }
