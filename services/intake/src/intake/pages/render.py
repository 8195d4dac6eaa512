"""Pages from Jinja2 templates (autoescaped: what anyone typed is shown as text), with what
every page needs: the words in the reader's language, the language switch and the form
token (the security headers of every `/apply` response, the judge portal's, are in
`servicekit.page_headers`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from intake.pages.i18n import Words
from servicekit.pages.render import Surface, ViewerBase, environment
from servicekit.pages.words import LANGUAGES

ROOT = "/apply"
SURFACE = Surface(environment(Path(__file__).parent / "templates"), ROOT)
ENVIRONMENT = SURFACE.environment
LANGUAGE_COOKIE = "cityprize_apply_lang"
ZONE_COOKIE = "cityprize_apply_zone"


@dataclass(frozen=True)
class Viewer(ViewerBase[Words]):
    """Who reads the page, and whether their time zone is the browser's (else the contest's)."""

    zone_from_browser: bool = False


def words_for(request: Request, fallback: str = "en") -> Words:
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return Words(chosen if chosen in LANGUAGES else fallback)


page = SURFACE.page
safe_back = SURFACE.safe_back

#: A page that only says something (`<key>.title`, `<key>.body` in the catalogue).
message = SURFACE.message
