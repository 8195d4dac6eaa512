"""Pages from Jinja2 templates (autoescaped: what anyone typed is shown as text), with what
every page needs: the words in the reader's language, the language switch and the form
token (the security headers of every `/apply` response, the judge portal's, are in
`servicekit.page_headers`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from intake.pages.i18n import LANGUAGES, Words

_HERE = Path(__file__).parent
ENVIRONMENT = Environment(
    loader=FileSystemLoader(_HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
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
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    to = words("language.switch.code")
    return f"/apply/language?to={to}&back={quote(back, safe='')}"


def page(
    request: Request, template: str, viewer: Viewer, status: int = 200, **values: Any
) -> HTMLResponse:
    words = viewer.words
    html = ENVIRONMENT.get_template(template).render(
        t=words,
        lang=words.language,
        when=lambda moment: words.when(moment, viewer.zone),
        viewer=viewer,
        switch=switch_link(request, words),
        **values,
    )
    return HTMLResponse(html, status_code=status)


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
    if path.startswith("/apply/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/apply/"
