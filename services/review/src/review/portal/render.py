"""Pages from Jinja2 templates (autoescaped: what an applicant typed is shown as text), with
what every page needs: the words in the judge's language, the language switch, the form
token (the security headers every portal response carries are `servicekit.page_headers`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from review.portal.i18n import Words

_HERE = Path(__file__).parent
ENVIRONMENT = Environment(
    loader=FileSystemLoader(_HERE / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
LANGUAGE_COOKIE = "cityprize_lang"


@dataclass(frozen=True)
class Viewer:
    """Who reads the page: their words, time zone, name and this session's form token."""

    words: Words
    zone: str = "UTC"
    name: str = ""
    csrf: str = ""


def switch_link(request: Request, words: Words) -> str:
    """The same page in the other language (the choice is kept in a cookie)."""
    back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    to = words("language.switch.code")
    return f"/judge/language?to={to}&back={quote(back, safe='')}"


def page(
    request: Request, template: str, viewer: Viewer, status: int = 200, **values: Any
) -> HTMLResponse:
    words = viewer.words
    html = ENVIRONMENT.get_template(template).render(
        t=words,
        lang=words.language,
        when=lambda moment: words.when(moment, viewer.zone),
        zone=viewer.zone,
        viewer=viewer,
        switch=switch_link(request, words),
        **values,
    )
    return HTMLResponse(html, status_code=status)


def safe_back(path: str) -> str:
    """Only a path of the portal itself: never a redirect to another site."""
    if path.startswith("/judge/") and not path.startswith("//") and "\\" not in path:
        return path
    return "/judge/"
