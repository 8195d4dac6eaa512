"""Archive over the real broker: a whole generated contest in, then what staff and applicants see.

MongoDB is the session's MongoDB-wire server (`MONGODB_URL`, else SecantusDB).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from faststream.nats import NatsBroker

import archive.main
from archive.repository import Archive
from archive.settings import ArchiveSettings
from contracts.archive_commands import (
    REBUILD,
    VERIFY_CHAIN,
    ChainReport,
    RebuildArchive,
    RebuildReport,
    VerifyChain,
)
from contracts.envelope import Event
from contracts.events import ResultsPublished, ReviewScored, RoundClosed
from contracts.queries import SUBMISSION_STATUS, Refusal, SubmissionStatus, SubmissionStatusQuery
from contracts.subjects import Stream, durable_name
from servicekit.broker import jetstream, publish_event
from tests.support.archive_story import CONTEST_ID, contest_story
from tests.support.service_apps import broker_of, running
from tests.support.waiting import consumer_drained, eventually

TOKEN = "staff-secret-for-tests"
STAFF = {"Authorization": f"Bearer {TOKEN}"}


class Running:
    def __init__(self, client: httpx.AsyncClient, broker: NatsBroker, store: Archive) -> None:
        self.client, self.broker, self.archive = client, broker, store

    async def ask(self, subject: str, payload: Any) -> dict[str, Any]:
        reply = await self.broker.request(payload, subject, timeout=30)
        body: dict[str, Any] = await reply.decode()  # type: ignore[assignment]
        return body


@pytest.fixture
def story() -> list[Event]:
    told: list[Event] = contest_story(seed=11, submissions=4)
    return told


@pytest.fixture
async def archived(nats_url: str, mongo_client: Any, story: list[Event]) -> AsyncIterator[Running]:
    name = f"archive_{uuid.uuid4().hex[:12]}"
    settings = ArchiveSettings(
        nats_url=nats_url,
        mongodb_database=name,
        rebuild_database=f"{name}_rebuild",
        staff_token=TOKEN,
        backoff_initial_seconds=0.05,
        graceful_timeout_seconds=5,
    )
    app = archive.main.create_app(settings, mongo_client=mongo_client)
    store = Archive(mongo_client[name])
    async with running(app) as client:
        for event in story:
            await publish_event(broker_of(app), event)
        await eventually(
            lambda: store.events.count_documents({"sealed": True}),
            until=lambda sealed: sealed == len(story),
            what="every event archived and sealed",
        )
        # Sealing is not the end of handling: the folds that follow must be written too.
        await consumer_drained(nats_url, Stream.EVENTS, durable_name("archive", "archive-event"))
        yield Running(client, broker_of(app), store)
    await mongo_client.drop_database(name)
    await mongo_client.drop_database(f"{name}_rebuild")


async def test_an_applicant_sees_its_own_submission_but_not_another_applicants(
    archived: Running,
):
    own = SubmissionStatusQuery(contest_id=CONTEST_ID, submission_id="s-001", applicant_id="a-001")
    status = SubmissionStatus.model_validate(await archived.ask(SUBMISSION_STATUS, own))
    assert status.status in {"winner", "ranked"}
    assert status.versions[0].version == 1
    assert status.history[0].event_type == "submission.received"
    assert all("review" not in entry.event_type for entry in status.history)
    emails = [entry for entry in status.history if entry.event_type == "notification.sent"]
    assert len(emails) == 2, "the receipt and the results, not the judges' assignment emails"

    other = own.model_copy(update={"applicant_id": "a-002"})
    refusal = Refusal.model_validate(await archived.ask(SUBMISSION_STATUS, other))
    assert refusal.kind == "not-found"


async def test_staff_filter_submissions_and_read_one_submissions_whole_history(
    archived: Running,
):
    listed = await archived.client.get(
        "/v1/archive/submissions",
        params={"contest_id": CONTEST_ID, "category": "tech-innovacity"},
        headers=STAFF,
    )
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [i["submission_id"] for i in items] == ["s-000", "s-002"]
    country = items[0]["country"]
    by_country = await archived.client.get(
        "/v1/archive/submissions", params={"country": country}, headers=STAFF
    )
    assert {i["country"] for i in by_country.json()["items"]} == {country}

    group = items[0]["peer_groups"][0]
    assert group.startswith("income:")
    in_group = await archived.client.get(
        "/v1/archive/submissions", params={"peer_group": group}, headers=STAFF
    )
    assert all(group in i["peer_groups"] for i in in_group.json()["items"])
    assert items[0]["submission_id"] in {i["submission_id"] for i in in_group.json()["items"]}

    one = await archived.client.get(
        f"/v1/archive/contests/{CONTEST_ID}/submissions/s-000", headers=STAFF
    )
    history = one.json()
    assert history["events"][0]["event_type"] == "submission.received"
    assert {s["judge_id"] for s in history["as_judged"]} == {
        a["judge_id"] for a in history["submission"]["assignments"]
    }
    judge = history["as_judged"][0]["judge_id"]
    seen = await archived.client.get(
        f"/v1/archive/contests/{CONTEST_ID}/rounds/panel/as-judged",
        params={"judge_id": judge},
        headers=STAFF,
    )
    snapshots = seen.json()["snapshots"]
    assert snapshots
    assert {s["judge_id"] for s in snapshots} == {judge}
    assert all(s["files_seen"] == s["version_files"] for s in snapshots)
    missing = await archived.client.get(
        f"/v1/archive/contests/{CONTEST_ID}/submissions/nope", headers=STAFF
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


async def test_the_staff_api_refuses_a_missing_or_wrong_token(archived: Running):
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        refused = await archived.client.get("/v1/archive/submissions", headers=headers)
        assert refused.status_code == 401
        assert refused.json()["type"].endswith("staff-unauthorized")
        assert TOKEN not in refused.text


async def test_exports_stream_every_submission_as_csv_and_json(archived: Running):
    as_csv = await archived.client.get("/v1/archive/exports/submissions.csv", headers=STAFF)
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [row["submission_id"] for row in rows] == ["s-000", "s-001", "s-002", "s-003"]
    as_json = await archived.client.get(
        "/v1/archive/exports/submissions.json", params={"status": "winner"}, headers=STAFF
    )
    assert {record["status"] for record in as_json.json()} == {"winner"}


async def test_the_leaderboard_as_of_publication_equals_the_published_ranking(
    archived: Running, story: list[Event]
):
    published = next(e for e in story if isinstance(e, ResultsPublished))
    last_score = [e for e in story if isinstance(e, ReviewScored)][-1]
    path = f"/v1/archive/contests/{CONTEST_ID}/leaderboard"
    at = await archived.client.get(
        path, params={"as_of": published.occurred_at.isoformat()}, headers=STAFF
    )
    panel = at.json()["rounds"]["panel"]
    assert panel["source"] == "published"
    expected = published.model_dump(mode="json")["rankings"]
    assert panel["rankings"] == expected

    before = await archived.client.get(
        path, params={"as_of": last_score.occurred_at.isoformat()}, headers=STAFF
    )
    provisional = before.json()["rounds"]["panel"]
    assert provisional["source"] == "provisional"
    assert {
        c: [r["submission_id"] for r in ranking] for c, ranking in provisional["rankings"].items()
    } == {c: [r["submission_id"] for r in ranking] for c, ranking in expected.items()}


async def test_altering_one_stored_event_is_named_by_verification(archived: Running):
    intact = ChainReport.model_validate(await archived.ask(VERIFY_CHAIN, VerifyChain()))
    assert intact.intact
    [chain] = intact.contests
    assert chain.checked == len(await archived.archive.dump("events"))

    victim = await archived.archive.events.find_one({"contest_id": CONTEST_ID, "position": 9})
    await archived.archive.events.update_one(
        {"_id": victim["_id"]}, {"$set": {"body.title": "A better title"}}
    )
    report = ChainReport.model_validate(
        await archived.ask(VERIFY_CHAIN, VerifyChain(contest_id=CONTEST_ID))
    )
    assert not report.intact
    mismatch = report.contests[0].first_mismatch
    assert mismatch is not None
    assert mismatch.event_id == victim["event_id"]
    assert mismatch.position == 9
    over_http = await archived.client.get("/v1/archive/chain", headers=STAFF)
    assert over_http.json()["contests"][0]["first_mismatch"]["event_id"] == victim["event_id"]


async def test_a_rebuild_from_the_stream_equals_the_live_records(archived: Running):
    report = RebuildReport.model_validate(await archived.ask(REBUILD, RebuildArchive()))
    assert report.replayed == len(await archived.archive.dump("events"))
    assert report.differences == {"events": 0, "submissions": 0, "results": 0, "as_judged": 0}
    assert report.equal
    live = archived.archive
    rebuilt = live.sibling(report.database)
    for name in ("events", "submissions", "results", "as_judged"):
        assert await rebuilt.dump(name) == await live.dump(name)


async def test_a_message_that_is_not_an_event_leaves_a_gap_the_chain_closes_over(
    archived: Running, story: list[Event]
):
    js = jetstream(archived.broker)
    await js.publish("prize.round.closed", b"not an event")
    late = RoundClosed(contest_id=CONTEST_ID, round="panel")
    await publish_event(archived.broker, late)
    await eventually(
        lambda: archived.archive.events.count_documents({"sealed": True}),
        until=lambda sealed: sealed == len(story) + 1,
        what="the event after the dead letter sealed",
    )
    report = ChainReport.model_validate(await archived.ask(VERIFY_CHAIN, VerifyChain()))
    assert report.intact
    assert report.contests[0].unsealed == 0


async def test_bad_query_parameters_answer_as_problem_json(archived: Running):
    refused = await archived.client.get(
        "/v1/archive/submissions", params={"limit": 0}, headers=STAFF
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"][0]["location"] == "query.limit"
