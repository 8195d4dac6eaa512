"""Pages from Jinja2 templates (autoescaped: what an applicant typed is shown as text), with
what every page needs: the words in the judge's language, the language switch, the form
token (the security headers every portal response carries are `servicekit.page_headers`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from review.portal.i18n import Words
from servicekit.pages import render

ROOT = "/judge"
ENVIRONMENT = render.environment(Path(__file__).parent / "templates")
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


def safe_back(path: str) -> str:
    """Only a path of the portal itself: never a redirect to another site."""
    return render.safe_back(path, ROOT)
