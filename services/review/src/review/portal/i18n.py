"""The portal's words in English and Korean, from per-language JSON catalogues
(`translations/<lang>.json`), never from code; and dates in the judge's time zone.

A catalogue maps a message id to text with `{name}` placeholders. A missing id in Korean
falls back to English, so a page never shows a bare id.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from servicekit.pages.words import LANGUAGES, CatalogueWords, load_catalogue

_HERE = Path(__file__).parent / "translations"


def catalogue(language: str) -> Mapping[str, str]:
    return load_catalogue(_HERE, language)


class Words(CatalogueWords):
    """`words("key", name=...)` in one language; used by the templates as `t`."""

    folder = _HERE

    def when(self, moment: datetime, zone: str) -> str:
        """A moment as the judge reads it, with the zone named: "1 July 2027, 18:00 (Asia/
        Seoul, KST)" or "2027년 7월 1일 18:00 (Asia/Seoul, KST)"."""
        local = moment.astimezone(ZoneInfo(zone))
        return self(
            "date.format",
            day=local.day,
            month=self(f"date.month.{local.month}"),
            year=local.year,
            time=local.strftime("%H:%M"),
            zone=zone,
            abbreviation=local.tzname() or zone,
        )


def language_for(preferred: str | None, judge_languages: tuple[str, ...]) -> str:
    """The language chosen on a page (a cookie) first, then the judge's first language that
    the portal speaks, then English."""
    if preferred in LANGUAGES:
        return str(preferred)
    return next((lang for lang in judge_languages if lang in LANGUAGES), "en")
