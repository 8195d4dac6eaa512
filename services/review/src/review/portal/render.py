"""Pages from Jinja2 templates (autoescaped: what an applicant typed is shown as text), with
what every page needs: the words in the judge's language, the language switch, the form
token (the security headers every portal response carries are `servicekit.page_headers`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review.portal.i18n import Words
from servicekit.pages.render import Surface, ViewerBase, environment

ROOT = "/judge"
SURFACE = Surface(environment(Path(__file__).parent / "templates"), ROOT)
ENVIRONMENT = SURFACE.environment
LANGUAGE_COOKIE = "cityprize_lang"


@dataclass(frozen=True)
class Viewer(ViewerBase[Words]):
    """Who reads the page: their words, time zone, name and this session's form token."""


page = SURFACE.page
safe_back = SURFACE.safe_back
message = SURFACE.message
