"""The judges' web portal, served by review under `/judge/`: server-rendered pages with
plain forms (every step works without JavaScript), built on review's own store and domain
functions, never on its HTTP API. See docs/review.md, "Judge portal"."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from review.context import Review
from review.portal.access import build_access
from review.portal.forms import build_forms
from review.portal.pages import build_pages
from servicekit.page_headers import install_page_headers
from servicekit.pages import STATIC_PACKAGE

STATIC = Path(__file__).parent / "static"


def install_portal(app: FastAPI, review: Review) -> None:
    for router in (build_access(review), build_pages(review), build_forms(review)):
        app.include_router(router)
    app.mount(
        "/judge/static",
        StaticFiles(directory=STATIC, packages=[STATIC_PACKAGE]),
        name="portal-static",
    )

    install_page_headers(app, "/judge")
