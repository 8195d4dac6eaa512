"""Pages from Jinja2 templates (autoescaped: what anyone typed is shown as text), with what
every page needs: the words in the reader's language, dates in their zone, the language
switch. The security headers are `servicekit.page_headers`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined

from servicekit.pages import SHARED_PREFIX, TEMPLATES
from servicekit.pages.words import LANGUAGES


class PageWords(Protocol):
    """What a page needs of its words (`servicekit.pages.words.CatalogueWords` and a `when`)."""

    language: str

    def __call__(self, key: str, **values: object) -> str: ...

    def when(self, moment: datetime, zone: str) -> str: ...


def environment(templates: Path) -> Environment:
    """A service's own templates, plus the shared ones as `kit/<name>`."""
    return Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(templates),
                PrefixLoader({SHARED_PREFIX: FileSystemLoader(TEMPLATES)}),
            ]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class PageViewer(Protocol):
    """Who reads the page: at least their words and time zone (an IANA name)."""

    @property
    def words(self) -> PageWords: ...

    @property
    def zone(self) -> str: ...


W = TypeVar("W", bound=PageWords)


@dataclass(frozen=True)
class ViewerBase(Generic[W]):
    """What every surface knows of its reader: their words, time zone (an IANA name), name
    and their session's form token (empty for a visitor). A surface adds its own fields."""

    words: W
    zone: str = "UTC"
    name: str = ""
    csrf: str = ""


@dataclass(frozen=True)
class Surface:
    """One set of pages: its templates and the path it is served under ("/judge")."""

    environment: Environment
    root: str

    def page(
        self, request: Request, template: str, viewer: PageViewer, status: int = 200, **values: Any
    ) -> HTMLResponse:
        """`template` rendered with `t`, `lang`, `when` (in the viewer's zone), `zone`,
        `viewer`, `switch` (the language switch) and `root`, besides `values`."""
        words = viewer.words
        html = self.environment.get_template(template).render(
            t=words,
            lang=words.language,
            when=lambda moment: words.when(moment, viewer.zone),
            zone=viewer.zone,
            viewer=viewer,
            switch=self.switch_link(request, words),
            root=self.root,
            **values,
        )
        return HTMLResponse(html, status_code=status)

    def message(
        self,
        request: Request,
        viewer: PageViewer,
        key: str,
        status: int,
        page_values: Mapping[str, object] | None = None,
        **values: object,
    ) -> HTMLResponse:
        """A page that only says something: the catalogue's `<key>.title` and `<key>.body`
        (filled with `values`) in the surface's `message.html` (which extends
        `kit/message.html`), given `page_values` besides."""
        t = viewer.words
        heading, body = t(f"{key}.title"), t(f"{key}.body", **values)
        return self.page(
            request,
            "message.html",
            viewer,
            status,
            heading=heading,
            body=body,
            **(page_values or {}),
        )

    def switch_link(self, request: Request, words: PageWords) -> str:
        """The same page in the other language (the choice is kept in a cookie)."""
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        to = words("language.switch.code")
        return f"{self.root}/language?to={to}&back={quote(back, safe='')}"

    def safe_back(self, path: str) -> str:
        """Only a path of these pages themselves: never a redirect to another site."""
        return safe_back(path, self.root)


def safe_back(path: str, root: str) -> str:
    """Only a path under `root` itself: never a redirect to another site."""
    if path.startswith(f"{root}/") and not path.startswith("//") and "\\" not in path:
        return path
    return f"{root}/"


def language_choice(to: str, back: str, *, root: str, cookie: str) -> RedirectResponse:
    """Back to `back` (if it is under `root`), the language `to` kept a year in `cookie`."""
    answer = RedirectResponse(safe_back(back, root), status_code=303)
    if to in LANGUAGES:
        answer.set_cookie(cookie, to, max_age=365 * 86400, path=root, samesite="lax")
    return answer
