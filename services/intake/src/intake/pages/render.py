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
from servicekit.pages import render
from servicekit.pages.words import LANGUAGES

ROOT = "/apply"
ENVIRONMENT = render.environment(Path(__file__).parent / "templates")
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


def switch_link(request: Request, words: Words) -> str:
    """The same page in the other language (the choice is kept in a cookie)."""
    return render.switch_link(request, words, ROOT)


def page(
    request: Request, template: str, viewer: Viewer, status: int = 200, **values: Any
) -> HTMLResponse:
    words = viewer.words
    return render.render_page(
        ENVIRONMENT,
        template,
        words,
        zone=viewer.zone,
        switch=switch_link(request, words),
        root=ROOT,
        status=status,
        viewer=viewer,
        **values,
    )


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


def safe_back(path: str) -> str:
    """Only a path of the pages themselves: never a redirect to another site."""
    return render.safe_back(path, ROOT)
