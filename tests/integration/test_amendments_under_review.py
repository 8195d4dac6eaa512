"""Amendments while judges are reading (issue 16, kind 4), over the real servers with intake
and review running side by side: intake learns that a submission is assigned from
`prize.review.assigned`, and each judge reads and scores one coherent version."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from nats.aio.client import Client
from test_review_round import profile, review_settings, sheet  # type: ignore[import-not-found]

import review.main
from cityprize.bus import connected, request
from cityprize.demo.judging import token_of
from contracts.contest import Contest
from contracts.queries import JUDGE_PORTAL_LINK, JudgePortalLink, JudgePortalLinkQuery
from contracts.review_commands import (
    CommitAssignment,
    Committed,
    ImportJudges,
    JudgesImported,
    ProposalView,
    ProposeAssignment,
    ReviewCommand,
)
from contracts.subjects import Subject
from servicekit.embedded import S3Server
from tests.support.intake import Harness, application, harness, open_contest, pdf, settings_for
from tests.support.service_apps import running
from tests.support.waiting import eventually

V1_PLAN, V2_PLAN = pdf(seed=1), pdf(seed=2)
PANEL = (("j-jp", "JP", "Tokyo"), ("j-us", "US", "Boston"), ("j-br", "BR", "Recife"))


@dataclass
class Both:
    intake: Harness
    review: httpx.AsyncClient
    nats: Client
    contest: Contest
    review_state: Any
    submission_id: str = ""
    api_key: str = ""

    async def headers(self, judge_id: str) -> dict[str, str]:
        query = JudgePortalLinkQuery(contest_id=self.contest.id, judge_id=judge_id)
        link = await request(self.nats, JUDGE_PORTAL_LINK, query, JudgePortalLink, timeout=10)
        return {"Authorization": f"Bearer {token_of(link.url)}"}

    async def opened(self, judge_id: str) -> tuple[str, dict[str, Any]]:
        headers = await self.headers(judge_id)
        [mine] = (await self.review.get("/v1/judge/assignments", headers=headers)).json()
        url = f"/v1/judge/assignments/{mine['assignment_id']}"
        return url, (await self.review.get(url, headers=headers)).json()

    async def score(self, judge_id: str, value: int) -> None:
        url, _ = await self.opened(judge_id)
        put = await self.review.put(
            f"{url}/scores", json=sheet(self.contest, value), headers=await self.headers(judge_id)
        )
        assert put.status_code == 200, put.text

    async def amend(self, title: str, plan: bytes) -> httpx.Response:
        return await self.intake.send(
            self.api_key,
            application(title=title),
            [("files", "plan.pdf", plan, "application/pdf")],
            method="PUT",
            submission_id=self.submission_id,
        )


@asynccontextmanager
async def assigned_to_three_judges(
    nats_url: str, s3: S3Server, bucket: str, contest: Contest
) -> AsyncIterator[Both]:
    """One application submitted through intake, screened, and assigned by review to three
    judges; by the time this yields, intake knows that it is assigned."""
    review_app = review.main.create_app(review_settings(nats_url, s3, bucket))
    async with (
        harness(settings_for(nats_url, s3, bucket), contest) as intake,
        running(review_app) as review_http,
        connected(nats_url) as nats,
    ):
        both = Both(intake, review_http, nats, contest, review_app.state.review)
        key = await intake.applicant(country="PE", city="Lima")
        first = await intake.send(
            key.api_key,
            application(title="Night buses for Lima"),
            [("files", "plan.pdf", V1_PLAN, "application/pdf")],
        )
        assert first.status_code == 201, first.text
        both.submission_id, both.api_key = first.json()["submission_id"], key.api_key
        state = review_app.state.review
        await eventually(
            lambda: state.store.submissions.get(contest.id, both.submission_id),
            until=lambda doc: doc is not None and doc.eligible,
            what="the application screened eligible",
        )
        judges = tuple(profile(j, country, city) for j, country, city in PANEL)
        await request(
            nats,
            ReviewCommand.JUDGES_IMPORT,
            ImportJudges(contest_id=contest.id, judges=judges),
            JudgesImported,
            timeout=10,
        )
        proposal = await request(
            nats,
            ReviewCommand.ROUND_PROPOSE,
            ProposeAssignment(contest_id=contest.id, seed=7),
            ProposalView,
            timeout=10,
        )
        assert proposal.pairs == 3
        await request(
            nats,
            ReviewCommand.ROUND_COMMIT,
            CommitAssignment(contest_id=contest.id, proposal_id=proposal.proposal_id),
            Committed,
            timeout=10,
        )
        await eventually(
            lambda: intake.assigned(both.submission_id),
            what="intake told that the submission is assigned",
        )
        yield both


async def test_an_amendment_after_assignment_is_refused_and_judges_keep_reading_version_1(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    contest = open_contest(seoul_contest)
    assert contest.amendment_after_assignment == "refuse", "the default"
    async with assigned_to_three_judges(nats_url, s3_server, s3_bucket, contest) as both:
        await both.score("j-jp", 7)

        refused = await both.amend("Night buses on demand", V2_PLAN)

        assert refused.status_code == 409
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"] == "urn:cityprize:problem:amendment-under-review"
        assert refused.json()["assigned_version"] == 1
        file_only = await both.amend("Night buses for Lima", V2_PLAN)
        assert file_only.status_code == 409
        assert file_only.json()["type"] == "urn:cityprize:problem:amendment-under-review"
        assert await both.intake.events(Subject.SUBMISSION_AMENDED) == []
        _, view = await both.opened("j-us")
        assert (view["submission"]["version"], view["submission"]["title"]) == (
            1,
            "Night buses for Lima",
        )
        assert [f["sha256"] for f in view["files"]] == [hashlib.sha256(V1_PLAN).hexdigest()]


async def test_a_contest_that_takes_new_versions_moves_every_judge_to_it_and_keeps_old_scores(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    contest = open_contest(seoul_contest).model_copy(
        update={"amendment_after_assignment": "new_version"}
    )
    async with assigned_to_three_judges(nats_url, s3_server, s3_bucket, contest) as both:
        await both.score("j-jp", 7)

        accepted = await both.amend("Night buses on demand", V2_PLAN)

        assert accepted.status_code == 201, accepted.text
        unassigned = await eventually(
            lambda: both.intake.events(Subject.REVIEW_UNASSIGNED),
            until=lambda found: len(found) == 3,
            what="the three version-1 assignments superseded",
        )
        assert {e["reason"] for e in unassigned} == {"superseded by version 2"}
        assigned = await both.intake.events(Subject.REVIEW_ASSIGNED)
        assert sorted(e["submission_version"] for e in assigned) == [1, 1, 1, 2, 2, 2]
        v2_hash = hashlib.sha256(V2_PLAN).hexdigest()
        for judge_id in ("j-jp", "j-us"):
            _, view = await both.opened(judge_id)
            assert (view["submission"]["version"], view["submission"]["title"]) == (
                2,
                "Night buses on demand",
            )
            assert [f["sha256"] for f in view["files"]] == [v2_hash]
            assert view["revision"] == 0, "asked to score version 2 afresh"

        kept = await both.review_state.store.submissions.get(contest.id, both.submission_id)
        assert len(kept.ratings) == 1, "the score of version 1 is kept"
        assert kept.counted_ratings() == [], "... marked superseded, not counted"
        await both.score("j-jp", 8)
        scored = await eventually(
            lambda: both.intake.events(Subject.REVIEW_SCORED),
            until=lambda found: len(found) == 2,
            what="both scores published",
        )
        assert [(e["submission_version"], e["files_seen"]) for e in scored] == [
            (1, [hashlib.sha256(V1_PLAN).hexdigest()]),
            (2, [v2_hash]),
        ]
        counted = await eventually(
            lambda: both.review_state.store.submissions.get(contest.id, both.submission_id),
            until=lambda doc: len(doc.counted_ratings()) == 1,
            what="the version-2 score counted",
        )
        assert counted.counted_ratings()[0].scores == sheet(contest, 8)["scores"]
