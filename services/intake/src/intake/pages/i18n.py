"""The applicant pages' words in English and Korean, from per-language JSON catalogues
(`translations/<lang>.json`), never from code; and moments in the reader's time zone.

A missing id in Korean falls back to English, so a page never shows a bare id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from servicekit.pages.words import CatalogueWords, load_catalogue

_HERE = Path(__file__).parent / "translations"


def catalogue(language: str) -> Mapping[str, str]:
    return load_catalogue(_HERE, language)


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def known_zone(zone: str) -> bool:
    """Only an IANA name the server knows (what a browser says is never trusted blindly)."""
    return zone in _zones()


class Words(CatalogueWords):
    """`words("key", name=...)` in one language; the templates call it `t`."""

    folder = _HERE

    def when(self, moment: datetime, zone: str) -> str:
        """ "1 July 2027, 18:00 (Asia/Seoul, KST)" or "2027년 7월 1일 18:00 (Asia/Seoul, KST)"."""
        local = moment.astimezone(ZoneInfo(zone))
        abbreviation = local.tzname() or zone
        return self(
            "date.format_zone" if abbreviation == zone else "date.format",
            day=local.day,
            month=self(f"date.month.{local.month}"),
            year=local.year,
            time=local.strftime("%H:%M"),
            zone=zone,
            abbreviation=abbreviation,
        )

    def left(self, until: datetime, now: datetime) -> str:
        """Time left, in days and hours ("3 days 4 hours left"), or "closed"."""
        seconds = int((until - now).total_seconds())
        if seconds <= 0:
            return self("time.closed")
        days, hours, minutes = seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60
        if days:
            return self("time.left_days", days=days, hours=hours)
        return self("time.left_hours", hours=hours, minutes=minutes)
