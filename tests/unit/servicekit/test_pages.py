"""The pages' shared parts: a service's layout extends the kit's, the base stylesheet is
served beside the service's own files, the language switch stays on the site."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from servicekit.pages import STATIC_PACKAGE
from servicekit.pages.render import Surface, environment, language_choice
from servicekit.pages.words import CatalogueWords


class Words(CatalogueWords):
    folder = Path("unused")

    def __call__(self, key: str, **values: object) -> str:
        return {"site.name": "Prize", "language.switch.code": "ko"}.get(key, key)

    def when(self, moment: datetime, zone: str) -> str:
        return f"{moment:%Y-%m-%d} ({zone})"


class Reader:
    words = Words("en")
    zone = "Asia/Seoul"
    name = ""
    csrf = ""


def _client(own: Path) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(_app(own)), base_url="http://t")


def _app(own: Path) -> FastAPI:
    (own / "templates").mkdir()
    (own / "static").mkdir()
    (own / "templates" / "page.html").write_text(
        '{% extends "kit/base.html" %}{% block title %}Home{% endblock %}'
        "{% block main %}<p>{{ when(moment) }}</p>{% endblock %}"
    )
    (own / "static" / "own.css").write_text("p { color: red; }")
    surface = Surface(environment(own / "templates"), "/site")
    app = FastAPI()

    @app.get("/site/")
    def home(request: Request) -> HTMLResponse:
        return surface.page(request, "page.html", Reader(), moment=datetime(2027, 7, 1))

    @app.get("/site/language")
    def language(to: str, back: str) -> Response:
        return language_choice(to, back, root="/site", cookie="lang")

    static = StaticFiles(directory=own / "static", packages=[STATIC_PACKAGE])
    app.mount("/site/static", static)
    return app


async def test_a_services_page_extends_the_shared_layout_with_its_own_root(tmp_path: Path) -> None:
    async with _client(tmp_path) as client:
        html = (await client.get("/site/")).text

    assert "<title>Home – Prize</title>" in html
    assert '<link rel="stylesheet" href="/site/static/base.css">' in html
    assert '<a class="brand" href="/site/">' in html
    assert "/site/language?to=ko&amp;back=%2Fsite%2F" in html
    assert "<p>2027-07-01 (Asia/Seoul)</p>" in html


async def test_the_base_stylesheet_is_served_beside_the_services_own_files(tmp_path: Path) -> None:
    async with _client(tmp_path) as client:
        base = await client.get("/site/static/base.css")
        own = await client.get("/site/static/own.css")

    assert base.status_code == 200
    assert ".error-summary" in base.text
    assert own.text == "p { color: red; }"


async def test_the_language_switch_keeps_the_choice_and_never_leaves_the_site(
    tmp_path: Path,
) -> None:
    async with _client(tmp_path) as client:
        stays = await client.get("/site/language", params={"to": "ko", "back": "/site/mine?x=1"})
        leaves = await client.get("/site/language", params={"to": "xx", "back": "//evil.example/"})

    assert stays.headers["location"] == "/site/mine?x=1"
    assert "lang=ko" in stays.headers["set-cookie"]
    assert leaves.headers["location"] == "/site/"
    assert "set-cookie" not in leaves.headers
