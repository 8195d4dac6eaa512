"""A judge's answers name their trace, as the applicant's do (W3C `traceresponse`)."""

from __future__ import annotations

import re

from test_review_round import commit_panel, sheet, world  # type: ignore[import-not-found]

from contracts.contest import Contest
from servicekit.embedded import S3Server

TRACERESPONSE = re.compile(r"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")


async def test_every_2xx_of_the_judge_api_carries_a_traceresponse(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        judge = {"Authorization": f"Bearer {await w.token('j-jp')}"}
        listed = await w.http.get("/v1/judge/assignments", headers=judge)
        assignment = listed.json()[0]["assignment_id"]
        opened = await w.http.get(f"/v1/judge/assignments/{assignment}", headers=judge)
        scored = await w.http.put(
            f"/v1/judge/assignments/{assignment}/scores",
            json=sheet(seoul_contest, 7),
            headers=judge,
        )
        answers = (listed, opened, scored)
        assert [a.status_code // 100 for a in answers] == [2, 2, 2], [a.text for a in answers]
        for answer in answers:
            assert TRACERESPONSE.match(answer.headers["traceresponse"]), answer.headers
        traces = {answer.headers["traceresponse"].split("-")[1] for answer in answers}
        assert len(traces) == 3, "each request is its own trace"
