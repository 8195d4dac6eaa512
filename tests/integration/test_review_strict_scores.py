"""A score is a number: the judge API refuses booleans, strings, null, infinities and unknown
fields with a problem+json 422 that names the field, and stores nothing."""

from __future__ import annotations

import json
from typing import Any

from test_review_round import commit_panel, sheet, world  # type: ignore[import-not-found]

from contracts.contest import Contest
from contracts.subjects import Subject
from servicekit.embedded import S3Server


def with_first_score(contest: Contest, value: Any) -> tuple[str, dict[str, Any]]:
    body = sheet(contest, 7)
    first = next(iter(body["scores"]))
    body["scores"][first] = value
    return first, body


async def test_a_score_sheet_with_anything_but_numbers_is_refused_with_the_field_named(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        headers = {"Authorization": f"Bearer {await w.token('j-kr')}"}
        [first, *_] = (await w.http.get("/v1/judge/assignments", headers=headers)).json()
        url = f"/v1/judge/assignments/{first['assignment_id']}/scores"

        answers = {}
        for label, value in (("true", True), ("string", "7"), ("null", None), ("nan", "NaN")):
            criterion, body = with_first_score(seoul_contest, value)
            answers[label] = (criterion, await w.http.put(url, json=body, headers=headers))
        criterion, body = with_first_score(seoul_contest, 7)
        # json.dumps cannot write an overflowing literal; a spreadsheet export can.
        infinite = json.dumps(body).replace(f'"{criterion}": 7', f'"{criterion}": 1e309')
        answers["1e309"] = (
            criterion,
            await w.http.put(
                url, content=infinite, headers={**headers, "Content-Type": "application/json"}
            ),
        )
        unknown = await w.http.put(
            url, json=sheet(seoul_contest, 7) | {"weight": 2}, headers=headers
        )
        comment_number = await w.http.put(
            url, json=sheet(seoul_contest, 7) | {"comment": 5}, headers=headers
        )

        for label, (criterion, answer) in answers.items():
            assert answer.status_code == 422, label
            assert answer.headers["content-type"] == "application/problem+json", label
            assert answer.json()["type"].endswith("request-invalid"), label
            assert f"body.scores.{criterion}" in answer.json()["errors"], label
        assert unknown.status_code == 422
        assert "body.weight" in unknown.json()["errors"]
        assert comment_number.status_code == 422
        assert "body.comment" in comment_number.json()["errors"]
        assert await w.events(Subject.REVIEW_SCORED) == []

        whole_numbers = await w.http.put(url, json=sheet(seoul_contest, 7), headers=headers)
        assert whole_numbers.status_code == 200
        assert whole_numbers.json()["revision"] == 1
