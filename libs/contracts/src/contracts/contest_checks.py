"""Checks that span sections of a contest file, each error located at the field to fix.

A model validator can only fail at the model itself; these build pydantic line errors with
their own location so that staff read `categories.0.sectors.2: unknown sector 'x'`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from itertools import pairwise
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from pydantic_core import InitErrorDetails

from contracts.contest_parts import ApplicantType, Category, Round, invalid
from contracts.local_times import LocalTimeError, localise

Loc = tuple[int | str, ...]


class _HasSlug(Protocol):
    @property
    def slug(self) -> str: ...


def error(loc: Loc, reason: str, value: object) -> InitErrorDetails:
    return InitErrorDetails(type=invalid(reason), loc=loc, input=value)


def duplicate_slugs(field: str, items: Iterable[_HasSlug]) -> list[InitErrorDetails]:
    seen: set[str] = set()
    errors = []
    for index, item in enumerate(items):
        if item.slug in seen:
            errors.append(error((field, index, "slug"), f"duplicate slug {item.slug!r}", item.slug))
        seen.add(item.slug)
    return errors


def unknown_references(
    field: str, values: Iterable[str], known: Iterable[str], what: str, loc: Loc
) -> list[InitErrorDetails]:
    allowed = set(known)
    return [
        error((*loc, field, index), f"unknown {what} {value!r}", value)
        for index, value in enumerate(values)
        if value not in allowed
    ]


def category_references(
    categories: Iterable[Category], sectors: Iterable[str], rubrics: Iterable[str]
) -> list[InitErrorDetails]:
    sector_slugs, rubric_slugs = set(sectors), set(rubrics)
    errors = []
    for index, category in enumerate(categories):
        loc = ("categories", index)
        errors += unknown_references("sectors", category.sectors, sector_slugs, "sector", loc)
        if category.rubric not in rubric_slugs:
            reason = f"unknown rubric {category.rubric!r}"
            errors.append(error((*loc, "rubric"), reason, category.rubric))
    return errors


def applicant_type_references(
    applicant_types: Iterable[ApplicantType], categories: Iterable[str]
) -> list[InitErrorDetails]:
    known = set(categories)
    errors = []
    for index, kind in enumerate(applicant_types):
        loc = ("applicant_types", index)
        errors += unknown_references("categories", kind.categories, known, "category", loc)
    return errors


def round_order(rounds: tuple[Round, ...]) -> list[InitErrorDetails]:
    kinds = [r.kind for r in rounds]
    expected = ("screening", "panel", "committee")
    runs_in_order = all(expected.index(a) <= expected.index(b) for a, b in pairwise(kinds))
    if runs_in_order and set(kinds) == set(expected):
        return []
    reason = "rounds must include screening, then panel, then committee rounds, in that order"
    return [error(("rounds",), reason, kinds)]


def peer_group_overlaps(
    peer_groups: Mapping[str, Mapping[str, Iterable[str]]],
) -> list[InitErrorDetails]:
    errors = []
    for grouping, groups in peer_groups.items():
        first_seen: dict[str, str] = {}
        for group, countries in groups.items():
            for country in countries:
                earlier = first_seen.setdefault(country, group)
                if earlier != group:
                    reason = (
                        f"{country} is in both {earlier!r} and {group!r} of grouping "
                        f"{grouping!r}; a country belongs to one group per grouping"
                    )
                    errors.append(error(("peer_groups", grouping, group), reason, country))
    return errors


def localise_window(data: Any) -> Any:
    """Read naive window times in the contest's own time zone, as staff write them."""
    if not isinstance(data, Mapping) or not isinstance(data.get("window"), Mapping):
        return data
    try:
        zone: tzinfo = ZoneInfo(str(data.get("timezone")))
    except (ValueError, KeyError):
        # The timezone field reports its own error; UTC keeps the window from adding noise.
        zone = UTC
    window = {key: _in_zone(value, zone) for key, value in data["window"].items()}
    return {**data, "window": window}


def _in_zone(value: object, zone: tzinfo) -> object:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime) and value.tzinfo is None:
        if not isinstance(zone, ZoneInfo):
            return value.replace(tzinfo=zone)
        try:
            return localise(value, zone)
        except LocalTimeError as refused:
            return refused  # `Window` reports it at the field, with the file's other errors
    return value
