"""How values read in an email."""

from __future__ import annotations

from datetime import UTC, datetime


def when(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
