"""Eligibility screening by the contest's rules: eligible, ineligible with reasons, or a case
staff must decide (over the per-city cap, or the same project entered twice)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from contracts.contest import Contest
from contracts.contest_parts import ApplicantType
from contracts.envelope import ScreeningOutcomeName
from contracts.names import imitating_words, name_key
from review.domain.submissions import SubmissionDoc

SAME_PROJECT = "the same project as submission "
"""How a `needs_decision` reason names an earlier entry of the same project."""


@dataclass(frozen=True)
class Screening:
    outcome: ScreeningOutcomeName
    reasons: tuple[str, ...]


def screen(entry: SubmissionDoc, contest: Contest, others: Sequence[SubmissionDoc]) -> Screening:
    refusals = [*_entry_rules(entry, contest)]
    decisions = [
        *_city_cap(entry, contest.per_city_cap, others),
        *_duplicates(entry, others),
        *_look_alikes(entry),
    ]
    if refusals:
        return Screening("ineligible", tuple(refusals + decisions))
    if decisions:
        return Screening("needs_decision", tuple(decisions))
    return Screening("eligible", ())


def _entry_rules(entry: SubmissionDoc, contest: Contest) -> list[str]:
    reasons = []
    kinds: dict[str, ApplicantType] = {kind.slug: kind for kind in contest.applicant_types}
    kind = kinds.get(entry.applicant_type)
    if kind is None:
        reasons.append(f"applicant type {entry.applicant_type!r} is not admitted")
    elif entry.category not in kind.categories:
        reasons.append(f"a {entry.applicant_type} may not enter category {entry.category!r}")
    try:
        allowed = set(contest.category(entry.category).sectors)
    except KeyError:
        reasons.append(f"unknown category {entry.category!r}")
        allowed = set()
    if allowed and not set(entry.sectors) <= allowed:
        outside = ", ".join(sorted(set(entry.sectors) - allowed))
        reasons.append(f"sectors outside category {entry.category!r}: {outside}")
    for field in ("title", "summary"):
        if not str(entry.application.get(field, "")).strip():
            reasons.append(f"required field {field!r} is empty")
    if entry.application.get("consent") is not True:
        reasons.append("consent was not given")
    if not entry.files:
        reasons.append("no file was attached")
    if kind is not None and kind.requires_endorsement:
        if not entry.on_behalf_of_city:
            reasons.append("applies without naming the city it applies for")
        if not entry.endorsed:
            reasons.append("the city's endorsement letter is missing")
    return reasons


def city_key(entry: SubmissionDoc) -> tuple[str, str]:
    """What makes two applications come from the same city, for the per-city cap: the country
    and the city's `contracts.names.name_key`, as intake counts it."""
    return entry.country, name_key(entry.on_behalf_of_city or entry.city)


def _city_cap(entry: SubmissionDoc, cap: int, others: Sequence[SubmissionDoc]) -> list[str]:
    same_city = sorted(
        (
            o
            for o in others
            if city_key(o) == city_key(entry) and o.submission_id != entry.submission_id
        ),
        key=received_order,
    )
    earlier = [o for o in same_city if received_order(o) < received_order(entry)]
    if len(earlier) < cap:
        return []
    city = (entry.on_behalf_of_city or entry.city).strip()
    return [f"{city} already has {len(earlier)} applications; the cap is {cap}"]


def received_order(entry: SubmissionDoc) -> tuple[datetime, str]:
    """The order the rules judge entries in: an entry is weighed against those before it."""
    return entry.received_at, entry.submission_id


def project_key(title: str) -> str:
    """What makes two entries the same project: the title's `name_key` without spaces or
    punctuation.

    Letters of every script count (a Korean title is not an empty key), compatibility forms
    are folded and invisible characters dropped, so full-width, half-width and zero-width
    spellings of a title are one project.
    """
    return re.sub(r"[\W_]+", "", name_key(title))


def _look_alikes(entry: SubmissionDoc) -> list[str]:
    """Names that decide the cap or "the same project" and mix scripts with look-alike letters
    (UTS #39): they could dodge either rule, so staff decide."""
    named = {"title": entry.title, "city": entry.on_behalf_of_city or entry.city}
    return [
        f"{field} mixes scripts with look-alike letters: {', '.join(words)}"
        for field, name in named.items()
        if (words := imitating_words(name))
    ]


def _duplicates(entry: SubmissionDoc, others: Sequence[SubmissionDoc]) -> list[str]:
    """A later entry of the same project is flagged; the first one stands until staff decide."""
    title = project_key(entry.title)
    if not title:
        return []  # a title of punctuation alone says nothing about being the same project
    return [
        f"{SAME_PROJECT}{other.submission_id}"
        for other in sorted(others, key=received_order)
        if received_order(other) < received_order(entry) and project_key(other.title) == title
    ]
