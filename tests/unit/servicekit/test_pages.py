"""The pages' shared parts: a service's layout extends the kit's, the base stylesheet is
served beside the service's own files, every response of the surface carries the page
headers, the language switch stays on the site."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from servicekit.page_headers import install_page_surface
from servicekit.pages.render import Surface, environment, language_choice
from servicekit.pages.words import CatalogueWords

WORDS = {
    "site.name": "Prize",
    "language.switch.code": "ko",
    "gone.title": "Link expired",
    "gone.body": "Ask again in {minutes} minutes.",
}


class Words(CatalogueWords):
    folder = Path("unused")

    def __call__(self, key: str, **values: object) -> str:
        text = WORDS.get(key, key)
        return text.format(**values) if values else text

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
    (own / "templates" / "base.html").write_text('{% extends "kit/base.html" %}')
    (own / "templates" / "message.html").write_text(
        '{% extends "kit/message.html" %}{% block after %}<p><a href="/site/">Start</a></p>'
        "{% endblock %}"
    )
    (own / "templates" / "rows.html").write_text(
        '{% extends "base.html" %}{% import "kit/_tables.html" as tables %}'
        "{% block title %}Rows{% endblock %}{% block main %}"
        '{% call(row) tables.rows_table(["Name", ("Score", "num")], rows, "No one yet") %}'
        "<tr><td>{{ row }}</td><td>1</td></tr>{% endcall %}{% endblock %}"
    )
    (own / "static" / "own.css").write_text("p { color: red; }")
    surface = Surface(environment(own / "templates"), "/site")
    app = FastAPI()

    @app.get("/site/")
    def home(request: Request) -> HTMLResponse:
        return surface.page(request, "page.html", Reader(), moment=datetime(2027, 7, 1))

    @app.get("/site/gone")
    def gone(request: Request) -> HTMLResponse:
        return surface.message(request, Reader(), "gone", 410, minutes=5)

    @app.get("/site/rows")
    def rows(request: Request, name: str = "") -> HTMLResponse:
        return surface.page(request, "rows.html", Reader(), rows=[name] if name else [])

    @app.get("/site/language")
    def language(to: str, back: str) -> Response:
        return language_choice(to, back, root="/site", cookie="lang")

    install_page_surface(app, "/site", own / "static", "site-static")
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


async def test_every_response_of_the_surface_forbids_framing_and_caching(tmp_path: Path) -> None:
    async with _client(tmp_path) as client:
        page = await client.get("/site/")
        asset = await client.get("/site/static/own.css")

    for response in (page, asset):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"


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


async def test_a_message_page_says_its_words_and_then_what_the_surface_adds(
    tmp_path: Path,
) -> None:
    async with _client(tmp_path) as client:
        answer = await client.get("/site/gone")

    assert answer.status_code == 410
    assert "<title>Link expired – Prize</title>" in answer.text
    assert "<h1>Link expired</h1>" in answer.text
    assert "<p>Ask again in 5 minutes.</p>" in answer.text
    assert '<p><a href="/site/">Start</a></p>' in answer.text


async def test_a_table_shows_its_rows_escaped_or_one_line_saying_there_are_none(
    tmp_path: Path,
) -> None:
    async with _client(tmp_path) as client:
        empty = (await client.get("/site/rows")).text
        one = (await client.get("/site/rows", params={"name": "<b>Kim</b>"})).text

    assert '<th scope="col" class="num">Score</th>' in empty
    assert '<td colspan="2">No one yet</td>' in empty
    assert "<td>&lt;b&gt;Kim&lt;/b&gt;</td>" in one
    assert "No one yet" not in one
