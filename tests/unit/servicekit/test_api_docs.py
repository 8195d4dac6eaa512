"""Each service's API docs work offline: the page's assets are served by the service itself,
and the AsyncAPI document of the events is served beside the OpenAPI (issue 18)."""

from __future__ import annotations

import importlib
import json
import re

import httpx
import pytest
from fastapi import FastAPI

from contracts.events import ALL_EVENT_TYPES
from servicekit.settings import ServiceSettings

SERVICES = ("intake", "review", "notify", "archive")


def build(service: str) -> FastAPI:
    settings: type[ServiceSettings] = getattr(
        importlib.import_module(f"{service}.settings"), f"{service.capitalize()}Settings"
    )
    app: FastAPI = importlib.import_module(f"{service}.main").create_app(settings())
    return app


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://svc")


@pytest.mark.parametrize("service", SERVICES)
async def test_the_docs_page_loads_every_asset_from_the_service_itself(service: str) -> None:
    async with client(build(service)) as http:
        page = await http.get("/docs")
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        fetched = {asset: await http.get(asset) for asset in assets}

    assert page.status_code == 200
    assert "/openapi.json" in page.text
    assert not re.search(r"https?://", page.text), "the page must not reach the internet"
    assert {a.rsplit("/", 1)[-1] for a in assets} >= {"swagger-ui-bundle.js", "swagger-ui.css"}
    for asset, answer in fetched.items():
        assert answer.status_code == 200, asset
        assert len(answer.content) > 100, asset


@pytest.mark.parametrize("service", SERVICES)
async def test_the_asyncapi_document_names_every_event_subject_with_resolvable_schemas(
    service: str,
) -> None:
    async with client(build(service)) as http:
        answer = await http.get("/asyncapi.json")

    document = answer.json()
    assert document["asyncapi"].startswith("3.")
    addresses = {channel["address"] for channel in document["channels"].values()}
    assert addresses == {event.subject.value for event in ALL_EVENT_TYPES}
    for reference in set(re.findall(r'"\$ref": "#/([^"]+)"', json.dumps(document))):
        node = document
        for part in reference.split("/"):
            node = node[part]  # a KeyError names a dangling reference
    received = document["components"]["schemas"]["SubmissionReceived"]
    assert {"event_id", "occurred_at", "contest_id", "files"} <= set(received["properties"])
