"""The judges' web portal, served by review under `/judge/`: server-rendered pages with
plain forms (every step works without JavaScript), built on review's own store and domain
functions, never on its HTTP API. See docs/review.md, "Judge portal"."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from review.context import Review
from review.portal import access, conflict_form, forms, pages
from review.portal.visits import PageAnswer, answer_page
from servicekit.page_headers import install_page_headers
from servicekit.pages import STATIC_PACKAGE

STATIC = Path(__file__).parent / "static"


def install_portal(app: FastAPI, review: Review) -> None:
    """Mount the portal's routes and assets under `/judge/`; its routes find `review` on
    `app.state` (`review.depends`)."""
    app.state.review = review
    for module in (access, pages, forms, conflict_form):
        app.include_router(module.router)
    app.add_exception_handler(PageAnswer, answer_page)
    app.mount(
        "/judge/static",
        StaticFiles(directory=STATIC, packages=[STATIC_PACKAGE]),
        name="portal-static",
    )

    install_page_headers(app, "/judge")
