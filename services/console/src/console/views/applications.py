"""Filtering applications: archive filters by category, state and country itself; the sector
and free text are matched here, on the rows it returned."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Filters:
    category: str = ""
    sector: str = ""
    country: str = ""
    status: str = ""
    text: str = ""

    def archive_params(self) -> dict[str, str]:
        """The criteria archive applies itself (empty ones left out)."""
        chosen = {"category": self.category, "status": self.status, "country": self.country}
        return {name: value for name, value in chosen.items() if value}


def _sectors(row: Row) -> set[str]:
    versions = row.get("versions") or [{}]
    return set(versions[-1].get("sectors") or row.get("sectors") or ())


def matching(rows: Iterable[Row], filters: Filters) -> list[Row]:
    """Rows with the sector, whose id, title, city or organisation holds the text (any case)."""
    needle = filters.text.strip().casefold()
    chosen = []
    for row in rows:
        if filters.sector and filters.sector not in _sectors(row):
            continue
        fields = ("submission_id", "title", "city", "organisation", "applicant_id")
        haystack = " ".join(str(row.get(name) or "") for name in fields).casefold()
        if needle and needle not in haystack:
            continue
        chosen.append(row)
    return sorted(chosen, key=lambda row: str(row.get("submission_id")))


def screening_reasons(row: Row) -> tuple[str, ...]:
    screening = row.get("screening") or {}
    return tuple(screening.get("reasons") or ())
