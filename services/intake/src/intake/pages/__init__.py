"""The applicants' web pages, served by intake under `/apply/`: server-rendered pages with
plain forms (every step works without JavaScript), built on intake's own application
service, never on its HTTP API. See docs/intake.md, "Applicant pages"."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from intake.pages.access import SignInFirstError, build_access, sign_in_first
from intake.pages.applying import build_applying
from intake.pages.contest_page import build_contest_page
from intake.pages.context import Pages
from intake.pages.mine import build_mine
from servicekit.page_headers import install_page_surface

STATIC = Path(__file__).parent / "static"


def install_pages(app: FastAPI, pages: Pages) -> None:
    app.add_exception_handler(SignInFirstError, sign_in_first)
    for build in (build_access, build_mine, build_applying, build_contest_page):
        app.include_router(build(pages))
    install_page_surface(app, "/apply", STATIC, "apply-static")
