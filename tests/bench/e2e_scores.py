"""Judges scoring through the judge HTTP API, open loop at a fixed total rate, and the email
watcher of the panel: each judge's sign-in token and each contest's results emails.

A score's latency runs from its answer (`200` or `201`) to archive having stored its
`review.scored` event and refolded the submission's record (what staff read as the record
"as judged"), stamped by `e2e_uploads.watch_archive` from archive's ack floor, as for uploads.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path

import httpx

from contracts.contest import Contest
from tests.bench.e2e_uploads import POLL_SECONDS

SIGN_IN = re.compile(r"https?://[^\s<>\"]+/judge/sign-in/([A-Za-z0-9_\-]+)")
TOKEN_TEMPLATES = ("assignment", "sign_in_link")
RESULTS_TEMPLATES = ("results", "winner")


@dataclass
class Score:
    contest_id: str
    token: str
    assignment_id: str
    status: int = 0
    answered_at: float = 0.0  # wall clock of the answer
    archived_at: float | None = None

    @property
    def accepted(self) -> bool:
        return self.status in (200, 201)


@dataclass
class PanelMail:
    """What the panel's emails brought: the sign-in token per judge address, and per contest
    the mtimes (when caught) of its results emails."""

    contest_of: dict[str, str]  # an applicant's address local part (its upload key) → contest
    tokens: dict[str, str] = field(default_factory=dict)
    results: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def read(self, path: str, caught_at: float) -> None:
        with open(path, "rb") as handle:
            message = BytesParser(policy=policy.default).parse(handle)
        template = message.get("X-Cityprize-Template")
        to = [a.addr_spec for a in message["To"].addresses] if message["To"] else []
        body = message.get_body(("plain",))
        if to and template in TOKEN_TEMPLATES and body is not None:
            if match := SIGN_IN.search(body.get_content()):
                self.tokens[to[0]] = match.group(1)
        elif to and template in RESULTS_TEMPLATES:
            contest_id = self.contest_of.get(to[0].partition("@")[0])
            if contest_id is not None:
                self.results[contest_id].append(caught_at)


async def watch_panel_mail(folder: Path, mail: PanelMail) -> None:
    """Runs until cancelled; read emails are deleted, as `e2e_uploads.watch_mail` does."""
    while True:
        for entry in os.scandir(folder):
            if entry.name.endswith(".eml"):
                mail.read(entry.path, entry.stat().st_mtime)
                os.remove(entry.path)
        await asyncio.sleep(POLL_SECONDS * 4)


async def assignments(
    http: httpx.AsyncClient, review: str, contest_id: str, token: str
) -> list[Score]:
    """The judge's assignments, from the judge API, each a score still to give."""
    listing = await http.get(
        f"{review}/v1/judge/assignments", headers={"Authorization": f"Bearer {token}"}
    )
    listing.raise_for_status()
    return [Score(contest_id, token, a["assignment_id"]) for a in listing.json()]


def interleaved(per_contest: list[list[Score]]) -> list[Score]:
    """One score from each contest in turn, so every contest is scored at the same rate."""
    order: list[Score] = []
    for turn in range(max((len(scores) for scores in per_contest), default=0)):
        order.extend(scores[turn] for scores in per_contest if turn < len(scores))
    return order


def sheet(contest: Contest, category: str, assignment_id: str) -> dict[str, float]:
    """A score per criterion on the contest's scale, drawn at random (seeded per assignment)."""
    rubric = contest.rubric_for(category)
    seeded = random.Random(assignment_id)  # not a secret: a benchmark's scores
    steps = round((rubric.scale.max - rubric.scale.min) / rubric.scale.step)
    return {
        c.slug: rubric.scale.min + seeded.randint(0, steps) * rubric.scale.step
        for c in rubric.criteria
    }


async def give(
    http: httpx.AsyncClient,
    review: str,
    sheets: list[tuple[Score, dict[str, float]]],
    rate: float,
    answered: Callable[[Score], None],
) -> None:
    """Each score PUT on schedule (open loop: `rate` per second whatever the answers do);
    `answered` is called with each score as its answer arrives."""

    async def one(score: Score, scores_of: dict[str, float]) -> None:
        response = await http.put(
            f"{review}/v1/judge/assignments/{score.assignment_id}/scores",
            headers={"Authorization": f"Bearer {score.token}"},
            json={"scores": scores_of, "comment": "Benchmark review."},
        )
        score.answered_at, score.status = time.time(), response.status_code
        answered(score)

    began, tasks = time.monotonic(), []
    for i, (score, scores_of) in enumerate(sheets):
        await asyncio.sleep(max(0.0, began + i / rate - time.monotonic()))
        tasks.append(asyncio.create_task(one(score, scores_of)))
    await asyncio.gather(*tasks)
