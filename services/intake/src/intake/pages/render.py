"""Pages from Jinja2 templates (autoescaped: what anyone typed is shown as text), with what
every page needs: the words in the reader's language, the language switch and the form
token (the security headers of every `/apply` response, the judge portal's, are in
`servicekit.page_headers`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from intake.pages.i18n import Words
from servicekit.pages.render import Surface, environment
from servicekit.pages.words import LANGUAGES

ROOT = "/apply"
SURFACE = Surface(environment(Path(__file__).parent / "templates"), ROOT)
ENVIRONMENT = SURFACE.environment
LANGUAGE_COOKIE = "cityprize_apply_lang"
ZONE_COOKIE = "cityprize_apply_zone"


@dataclass(frozen=True)
class Viewer:
    """Who reads the page: their words, time zone, name and their session's form token."""

    words: Words
    zone: str = "UTC"
    zone_from_browser: bool = False
    name: str = ""
    csrf: str = ""


def words_for(request: Request, fallback: str = "en") -> Words:
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return Words(chosen if chosen in LANGUAGES else fallback)


page = SURFACE.page
safe_back = SURFACE.safe_back


def message(request: Request, viewer: Viewer, key: str, status: int, **values: Any) -> HTMLResponse:
    """A page that only says something (`<key>.title`, `<key>.body` in the catalogue)."""
    t = viewer.words
    return page(
        request,
        "message.html",
        viewer,
        status,
        heading=t(f"{key}.title"),
        body=t(f"{key}.body", **values),
    )
