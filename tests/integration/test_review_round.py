"""A whole review round over the real NATS and S3 servers: screening, assignment, judges
scoring through HTTP, evaluation, finalists and published results."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client
from opentelemetry.sdk.trace import TracerProvider
from pydantic import BaseModel

import review.main
from cityprize.bus import CommandRefusedError, connected, request
from contracts.contest import Contest
from contracts.envelope import Contact, StoredFile
from contracts.events import ContestConfigured, ResultsPublished, ReviewScored, SubmissionReceived
from contracts.queries import JUDGE_PORTAL_LINK, JudgePortalLink, JudgePortalLinkQuery
from contracts.review_commands import (
    CloseRound,
    CommitAssignment,
    Committed,
    ContestStatus,
    FinalistsView,
    ImportJudges,
    JudgeProfile,
    JudgesImported,
    OverrideScreening,
    ProposalView,
    ProposeAssignment,
    Published,
    PublishResults,
    ReviewCommand,
    SelectFinalists,
    StatusQuery,
)
from contracts.subjects import Header, Stream, Subject
from review.settings import ReviewSettings
from servicekit.broker import publish_event
from servicekit.embedded import S3Server
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually

Reply = TypeVar("Reply", bound=BaseModel)
FAST: dict[str, Any] = {"backoff_initial_seconds": 0.05, "graceful_timeout_seconds": 5}
QUALITY = {"s-ke": 8, "s-br": 6, "s-fr": 7, "s-vn": 5}
JUDGES = (
    ("j-jp", "JP", "Tokyo", -2),  # harsh
    ("j-us", "US", "Boston", 1),
    ("j-de", "DE", "Berlin", 0),
    ("j-kr", "KR", "Seoul", 2),  # lenient
    ("j-fr", "FR", "Lyon", 0),  # conflicted with the submission from Lyon
)


def review_settings(nats_url: str, s3: S3Server, bucket: str, **extra: Any) -> ReviewSettings:
    return ReviewSettings(
        nats_url=nats_url,
        s3_endpoint=s3.endpoint,
        s3_access_key=s3.access_key,
        s3_secret_key=s3.secret_key,
        s3_bucket=bucket,
        **{**FAST, **extra},
    )


def store_file(s3: S3Server, bucket: str, key: str, body: bytes) -> StoredFile:
    s3.client().put_object(bucket, key, io.BytesIO(body), len(body), "application/pdf")
    digest = hashlib.sha256(body).hexdigest()
    return StoredFile(
        name="seoul-endorsement.pdf",
        size=len(body),
        sha256=digest,
        content_type="application/pdf",
        object_key=key,
    )


def received(
    contest_id: str,
    sid: str,
    country: str,
    city: str,
    title: str,
    files: tuple[StoredFile, ...],
    **extra: Any,
) -> SubmissionReceived:
    application = {
        "applicant_type": extra.get("applicant_type", "city_government"),
        "category": "tech-innovacity",
        "sectors": ["mobility"],
        "title": title,
        "summary": "A project that moves people across the city. " * 4,
        "project": {"start": "2024-01-01", "end": "2025-12-31", "budget": 100000},
        "partners": [f"{city} transit agency"],
        "contact": {
            "name": f"Mayor of {city}",
            "email": f"mayor@{city.lower().replace(' ', '')}.example",
            "phone": "+1",
        },
        "language": "en",
        "consent": True,
    }
    return SubmissionReceived(
        contest_id=contest_id,
        submission_id=sid,
        version=1,
        applicant_id=f"a-{sid}",
        applicant_type=extra.get("applicant_type", "city_government"),
        category="tech-innovacity",
        sectors=("mobility",),
        title=title,
        city=city,
        country=country,
        organisation=f"City of {city}",
        contact=Contact(
            name=f"Mayor of {city}", email=f"mayor@{city.lower().replace(' ', '')}.example"
        ),
        files=files,
        manifest_key=f"{contest_id}/{sid}/v1/manifest.json",
        application=application,
    )


@dataclass
class World:
    app: FastAPI
    http: httpx.AsyncClient
    nats: Client
    contest: Contest

    async def ask(self, subject: str, payload: BaseModel, reply: type[Reply]) -> Reply:
        return await request(self.nats, subject, payload, reply, timeout=10)

    async def status(self) -> ContestStatus:
        return await self.ask(
            ReviewCommand.STATUS, StatusQuery(contest_id=self.contest.id), ContestStatus
        )

    async def token(self, judge_id: str) -> str:
        query = JudgePortalLinkQuery(contest_id=self.contest.id, judge_id=judge_id)
        link = await self.ask(JUDGE_PORTAL_LINK, query, JudgePortalLink)
        return link.url.rpartition("/sign-in/")[2]

    async def events(self, subject: str) -> list[dict[str, Any]]:
        js = self.nats.jetstream()
        sub = await js.subscribe(subject, stream=Stream.EVENTS, ordered_consumer=True)
        pending = (
            await js.stream_info(Stream.EVENTS, subjects_filter=subject)
        ).state.subjects or {}
        found = []
        for _ in range(sum(pending.values())):
            message = await sub.next_msg(timeout=5)
            found.append(json.loads(message.data))
        await sub.unsubscribe()
        return found


def profile(judge_id: str, country: str, city: str) -> JudgeProfile:
    return JudgeProfile(
        judge_id=judge_id,
        name=f"Judge {judge_id}",
        email=f"{judge_id}@judges.example",
        country=country,
        city=city,
        expertise=("mobility",),
        max_load=4,
    )


@asynccontextmanager
async def world(
    nats_url: str,
    s3: S3Server,
    bucket: str,
    contest: Contest,
    tracer_provider: TracerProvider | None = None,
    **extra: Any,
) -> AsyncIterator[World]:
    """Review running with a configured contest, six submissions screened and five judges."""
    settings = review_settings(nats_url, s3, bucket, **extra)
    app = review.main.create_app(settings, tracer_provider=tracer_provider)
    async with running(app) as http, connected(nats_url) as nats:
        w = World(app, http, nats, contest)
        await publish_event(
            broker_of(app), ContestConfigured(contest_id=contest.id, contest=contest)
        )
        await eventually(
            lambda: app.state.review.contests.get(contest.id), what="contest kept by review"
        )
        letter = (
            store_file(s3, bucket, f"{contest.id}/letters/{n}.pdf", f"%PDF-1.4 letter {n}".encode())
            for n in range(9)
        )
        entries = [
            received(
                contest.id, "s-ke", "KE", "Nairobi", "Matatu routes in real time", (next(letter),)
            ),
            received(
                contest.id, "s-br", "BR", "Curitiba", "Bus rapid transit, retold", (next(letter),)
            ),
            received(contest.id, "s-fr", "FR", "Lyon", "Night buses on demand", (next(letter),)),
            received(
                contest.id, "s-vn", "VN", "Da Nang", "Scooter parking sensors", (next(letter),)
            ),
            received(
                contest.id,
                "s-ind",
                "PE",
                "Lima",
                "One citizen's bike lanes",
                (next(letter),),
                applicant_type="individual",
            ),
            received(
                contest.id, "s-dup", "KE", "Mombasa", "Matatu routes in real time!", (next(letter),)
            ),
        ]
        for entry in entries:
            await publish_event(broker_of(app), entry)
        await eventually(
            w.status,
            until=lambda s: sum(s.submissions.values()) == 6 and "received" not in s.submissions,
            what="every submission screened",
        )
        imported = await w.ask(
            ReviewCommand.JUDGES_IMPORT,
            ImportJudges(
                contest_id=contest.id, judges=tuple(profile(j, c, city) for j, c, city, _ in JUDGES)
            ),
            JudgesImported,
        )
        assert imported.conflicts >= 1
        yield w


async def commit_panel(w: World) -> Committed:
    proposal = await w.ask(
        ReviewCommand.ROUND_PROPOSE,
        ProposeAssignment(contest_id=w.contest.id, seed=7),
        ProposalView,
    )
    assert proposal.uncovered == {}
    assert proposal.pairs == 4 * 3
    assert max(proposal.loads.values()) - min(proposal.loads.values()) <= 1
    return await w.ask(
        ReviewCommand.ROUND_COMMIT,
        CommitAssignment(contest_id=w.contest.id, proposal_id=proposal.proposal_id),
        Committed,
    )


def sheet(contest: Contest, value: int) -> dict[str, Any]:
    scale = contest.rubric_for("tech-innovacity").scale
    score = min(max(value, int(scale.min)), int(scale.max))
    criteria = contest.rubric_for("tech-innovacity").criteria
    return {"scores": {c.slug: score for c in criteria}, "comment": "clear and well evidenced"}


async def score_everything(w: World) -> dict[str, str]:
    """Every judge scores every assignment through HTTP; returns one token per judge."""
    tokens = {}
    for judge_id, _, _, bias in JUDGES:
        tokens[judge_id] = token = await w.token(judge_id)
        headers = {"Authorization": f"Bearer {token}"}
        listed = await w.http.get("/v1/judge/assignments", headers=headers)
        assert listed.status_code == 200, listed.text
        mine = listed.json()
        for item in mine:
            opened = (
                await w.http.get(f"/v1/judge/assignments/{item['assignment_id']}", headers=headers)
            ).json()
            quality = QUALITY[opened["submission"]["submission_id"]]
            put = await w.http.put(
                f"/v1/judge/assignments/{item['assignment_id']}/scores",
                json=sheet(w.contest, quality + bias),
                headers=headers,
            )
            assert put.status_code == 200, put.text
            assert put.json()["revision"] == 1
    return tokens


async def test_a_whole_round_runs_from_screening_to_published_results(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        status = await w.status()
        assert status.submissions == {"eligible": 4, "ineligible": 1, "needs_decision": 1}
        screened = {e["submission_id"]: e for e in await w.events(Subject.SUBMISSION_SCREENED)}
        assert "same project as submission s-ke" in " ".join(screened["s-dup"]["reasons"])
        await w.ask(
            ReviewCommand.SCREENING_OVERRIDE,
            OverrideScreening(
                contest_id=seoul_contest.id,
                submission_id="s-dup",
                outcome="ineligible",
                reason="entered twice; the Nairobi entry stands",
                decided_by="secretariat",
            ),
            Published,
        )
        assert len(await w.events(Subject.SCREENING_OVERRIDDEN)) == 1

        committed = await commit_panel(w)
        assert committed.assigned == 12
        assigned = await w.events(Subject.REVIEW_ASSIGNED)
        assert len(assigned) == 12
        assert {e["batch_id"] for e in assigned} == {committed.batch_id}
        assert ("j-fr", "s-fr") not in {(e["judge_id"], e["submission_id"]) for e in assigned}
        proof = committed.proofs["main"]
        assert all(proof["checks"].values())
        assert {"solver", "parameters", "seed", "input_hash", "objective"} <= proof.keys()

        await score_everything(w)
        await eventually(
            w.status,
            until=lambda s: all(j.due == 0 and j.done > 0 for j in s.judges),
            what="all reviews done",
        )
        assert len(await w.events(Subject.REVIEW_SCORED)) == 12

        await w.ask(ReviewCommand.ROUND_CLOSE, CloseRound(contest_id=seoul_contest.id), Published)
        finalists = await w.ask(
            ReviewCommand.FINALISTS_SELECT,
            SelectFinalists(contest_id=seoul_contest.id),
            FinalistsView,
        )
        top = finalists.finalists["tech-innovacity"]
        assert set(top) == set(QUALITY)
        assert finalists.stable.keys() == {"tech-innovacity"}
        # Staff see what the finalists were chosen from: raw and normalised side by side.
        ranking = finalists.rankings["tech-innovacity"]
        assert [r.submission_id for r in ranking][: len(top)] == list(top)
        assert all(r.raw_score > 0 and r.normalised_score > 0 for r in ranking)
        decision = PublishResults(
            contest_id=seoul_contest.id,
            decided_by="committee",
            winners={"tech-innovacity": (top[0],)},
        )
        first = await w.ask(ReviewCommand.RESULTS_PUBLISH, decision, Published)
        # Frozen: publishing again answers the same event, and finalists no longer change.
        again = await w.ask(ReviewCommand.RESULTS_PUBLISH, decision, Published)
        assert again.event_id == first.event_id
        with pytest.raises(CommandRefusedError, match="results-published"):
            await w.ask(
                ReviewCommand.FINALISTS_SELECT,
                SelectFinalists(contest_id=seoul_contest.id, method="raw_mean"),
                FinalistsView,
            )
        [results] = await w.events(Subject.RESULTS_PUBLISHED)
        published = ResultsPublished.model_validate(results)
        assert published.winners == {"tech-innovacity": (top[0],)}
        ranking = published.rankings["tech-innovacity"]
        assert [r.rank for r in ranking] == [1, 2, 3, 4]
        assert [r.submission_id for r in ranking] == list(top), "finalists by the frozen method"
        assert "tech-innovacity--region-africa" in published.peer_group_rankings
        assert set(published.rankings) == {"tech-innovacity"}
        assert published.method == "normalised"
        assert published.parameters["min_ratings_for_z"] == 3
        assert (await w.status()).stage == "published"


async def test_a_redelivered_score_does_not_count_twice(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        await score_everything(w)
        [first, *_] = await w.events(Subject.REVIEW_SCORED)
        event = ReviewScored.model_validate(first)
        store = w.app.state.review.store

        async def ratings() -> int:
            doc = await store.submissions.get(seoul_contest.id, event.submission_id)
            return len(doc.ratings) if doc else 0

        await eventually(ratings, until=lambda n: n == 3, what="three ratings counted")
        # The same event again, under another message id: only the event id can catch it.
        js = w.nats.jetstream()
        body = event.model_dump_json().encode()
        await js.publish(event.subject, body, headers={Header.MSG_ID: "redelivery-1"})
        stale = event.model_copy(
            update={"event_id": "older-revision", "scores": dict.fromkeys(event.scores, 1.0)}
        )
        await js.publish(event.subject, stale.model_dump_json().encode())

        async def settled() -> bool:
            info = await js.consumer_info(Stream.EVENTS, "review-tally-score")
            return bool(info.num_pending == 0 and info.num_ack_pending == 0)

        await eventually(settled, what="the tally to settle")
        doc = await store.submissions.get(seoul_contest.id, event.submission_id)
        assert doc is not None
        assert len(doc.ratings) == 3
        assert doc.ratings[event.assignment_id].scores == event.scores
