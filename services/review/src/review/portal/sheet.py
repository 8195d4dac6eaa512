"""The scoring form, read apart from any I/O: what the judge typed, kept as typed for a
draft, and checked against the rubric (`review.domain.scoring`) for a submission, with each
error in the judge's words."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from contracts.contest_parts import Rubric
from review.domain.scoring import score_errors
from review.portal.i18n import Words

COMMENT_LIMIT = 5000


@dataclass(frozen=True)
class Typed:
    """The form as posted: per criterion the score (text) and a comment, and an overall one."""

    scores: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    comment: str = ""


def read_form(form: Mapping[str, str], rubric: Rubric) -> Typed:
    slugs = [c.slug for c in rubric.criteria]
    return Typed(
        scores={s: form.get(f"score-{s}", "").strip() for s in slugs},
        comments={s: form.get(f"comment-{s}", "").strip() for s in slugs},
        comment=form.get("comment", "").strip(),
    )


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def checked(typed: Typed, rubric: Rubric, t: Words) -> tuple[dict[str, float], dict[str, str]]:
    """The scores ready to submit, or the errors by form field id (in the judge's words)."""
    errors: dict[str, str] = {}
    scores: dict[str, float] = {}
    scale = rubric.scale
    bounds = {"low": f"{scale.min:g}", "high": f"{scale.max:g}", "step": f"{scale.step:g}"}
    for criterion in rubric.criteria:
        text = typed.scores.get(criterion.slug, "")
        field_id = f"score-{criterion.slug}"
        if not text:
            errors[field_id] = t("error.score.missing", name=criterion.name, **bounds)
        elif (value := _number(text)) is None:
            errors[field_id] = t("error.score.number", name=criterion.name, **bounds)
        else:
            scores[criterion.slug] = value
    names = {c.slug: c.name for c in rubric.criteria}
    for slug in score_errors(rubric, scores):
        if slug in scores:  # the missing ones are named above already
            errors[f"score-{slug}"] = t("error.score.range", name=names[slug], **bounds)
    too_long = {f"comment-{s}": c for s, c in typed.comments.items() if len(c) > COMMENT_LIMIT}
    if len(typed.comment) > COMMENT_LIMIT:
        too_long["comment"] = typed.comment
    for field_id in too_long:
        errors[field_id] = t("error.comment.long", limit=COMMENT_LIMIT)
    # In the order of the form, so the summary reads top to bottom like the page.
    order = [f"{kind}-{c.slug}" for c in rubric.criteria for kind in ("score", "comment")]
    return scores, {f: errors[f] for f in [*order, "comment"] if f in errors}
