"""Pages from Jinja2 templates (autoescaped), with what every page needs: the staff member's
words in their language, the language switch, the form token. Built on `servicekit.pages`
like the judge portal and the applicant pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Request

from servicekit.pages.render import Surface, ViewerBase, environment
from servicekit.pages.words import LANGUAGES, CatalogueWords

ROOT = "/console"
LANGUAGE_COOKIE = "cityprize_console_lang"
SURFACE = Surface(environment(Path(__file__).parent / "templates"), ROOT)


class Words(CatalogueWords):
    """The console's catalogue (`translations/<lang>.json`); the templates call it `t`."""

    folder = Path(__file__).parent / "translations"

    def when(self, moment: datetime, zone: str) -> str:
        """ "2027-07-01 18:00 UTC": staff compare moments across time zones, so one zone."""
        return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M ") + zone


@dataclass(frozen=True)
class Viewer(ViewerBase[Words]):
    """Who reads the page, and their role ("secretariat" or "observer"; empty signed out)."""

    role: str = ""

    @property
    def may_change(self) -> bool:
        """Whether the page offers its forms (an observer's are refused anyway)."""
        return self.role == "secretariat"


def words_for(request: Request) -> Words:
    """The language chosen with the switch (a cookie), else English."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return Words(chosen if chosen in LANGUAGES else "en")


page = SURFACE.page
