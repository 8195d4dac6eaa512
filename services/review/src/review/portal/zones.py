"""A judge's time zone from their country and city, as the IANA zone table lists them.

The judge profile has no zone of its own; the zone table (`zone.tab` in `tzdata`) lists each
country's zones, named after a city. A zone named after the judge's city wins (Santiago →
America/Santiago); otherwise the country's first zone; otherwise UTC.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def _zones_by_country() -> dict[str, list[str]]:
    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _, zone, *_ = line.split("\t")
        zones.setdefault(country, []).append(zone)
    return zones


def zone_of(country: str, city: str) -> str:
    candidates = _zones_by_country().get(country.upper(), [])
    wanted = city.strip().replace(" ", "_").lower()
    for zone in candidates:
        if wanted and zone.rsplit("/", 1)[-1].lower() == wanted:
            return zone
    return candidates[0] if candidates else "UTC"
