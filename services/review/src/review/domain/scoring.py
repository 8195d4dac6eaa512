"""A judge's scores against the rubric: every criterion, on the contest's scale and step."""

from __future__ import annotations

import math

from contracts.contest_parts import Rubric


def score_errors(rubric: Rubric, scores: dict[str, float]) -> dict[str, str]:
    """Per criterion what is wrong; empty when the scores can be accepted."""
    errors: dict[str, str] = {}
    known = {criterion.slug for criterion in rubric.criteria}
    for slug in sorted(set(scores) - known):
        errors[slug] = "not a criterion of this rubric"
    scale = rubric.scale
    for slug in sorted(known):
        if slug not in scores:
            errors[slug] = "missing: every criterion must be scored"
            continue
        value = scores[slug]
        if not math.isfinite(value) or not scale.min <= value <= scale.max:
            errors[slug] = f"must be between {scale.min:g} and {scale.max:g}"
            continue
        steps = (value - scale.min) / scale.step
        if abs(steps - round(steps)) > 1e-9:
            errors[slug] = f"must be on steps of {scale.step:g} from {scale.min:g}"
    return errors
