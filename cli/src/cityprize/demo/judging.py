"""Demo step: the panel. Judges are imported, assigned, and score through the judge API
with the login link their assignment email brought them."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

import httpx

from cityprize.demo.data import DemoApplicant, DemoJudge, same_named
from contracts.contest import Contest
from contracts.review_commands import JudgeProfile


@dataclass(frozen=True)
class GivenScores:
    judge_id: str
    applicant_key: str
    scores: dict[str, float]


LINK_IN_MAIL = re.compile(r"https?://[^\s<>\"]+/judge/sign-in/([A-Za-z0-9_\-]+)")


def profiles(
    judges: tuple[DemoJudge, ...], declared: dict[str, tuple[str, ...]]
) -> tuple[JudgeProfile, ...]:
    return tuple(
        JudgeProfile(
            **same_named(judge, JudgeProfile),
            domains=(judge.domain,),
            min_load=0,
            max_load=12,
            declared_conflicts=declared.get(judge.judge_id, ()),
        )
        for judge in judges
    )


def links_from_mail(
    mail_folder: Path, judges: tuple[DemoJudge, ...], since: float = 0.0
) -> dict[str, str]:
    """Each judge's sign-in link, from the newest email addressed to them (caught after
    `since`, a Unix time, when given)."""
    by_address = {judge.email: judge.judge_id for judge in judges}
    found: dict[str, str] = {}
    caught = [p for p in mail_folder.glob("*.eml") if p.stat().st_mtime > since]
    for path in sorted(caught, key=lambda p: p.stat().st_mtime):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        addressed = message["To"].addresses if message["To"] else ()
        judge_id = next(
            (by_address[a.addr_spec] for a in addressed if a.addr_spec in by_address), None
        )
        body = message.get_body(("plain",))
        if judge_id is None or body is None:
            continue
        if match := LINK_IN_MAIL.search(body.get_content()):
            found[judge_id] = match.group(0)
    return found


def token_of(link: str) -> str:
    """The token in a sign-in link, which is also the judge's bearer token for the API."""
    match = LINK_IN_MAIL.fullmatch(link)
    if match is None:
        raise ValueError("not a sign-in link")
    return match.group(1)


def score_for(
    applicant: DemoApplicant, judge: DemoJudge, criterion: str, contest: Contest, rubric: str
) -> float:
    """True quality, the judge's habit, and a little noise, kept on the contest's scale."""
    scale = contest.rubrics[rubric].scale
    seeded = random.Random(f"{applicant.key}/{judge.judge_id}/{criterion}")  # noqa: S311 - not secret
    noise = seeded.gauss(0, 0.4)
    raw = applicant.quality + judge.bias + noise
    stepped = round(raw / scale.step) * scale.step
    return float(min(max(stepped, scale.min), scale.max))


async def score_assignments(
    http: httpx.AsyncClient,
    review: str,
    judge: DemoJudge,
    token: str,
    by_submission: dict[str, DemoApplicant],
    contest: Contest,
) -> list[GivenScores]:
    """Score every assignment in the judge's list; returns what was given, for checking."""
    headers = {"Authorization": f"Bearer {token}"}
    listing = await http.get(f"{review}/v1/judge/assignments", headers=headers)
    listing.raise_for_status()
    given: list[GivenScores] = []
    for assignment in listing.json():
        opened = await http.get(
            f"{review}/v1/judge/assignments/{assignment['assignment_id']}", headers=headers
        )
        opened.raise_for_status()
        view = opened.json()
        applicant = by_submission[view["submission"]["submission_id"]]
        rubric = contest.category(applicant.category).rubric
        scores = {
            criterion["slug"]: score_for(applicant, judge, criterion["slug"], contest, rubric)
            for criterion in view["rubric"]["criteria"]
        }
        put = await http.put(
            f"{review}/v1/judge/assignments/{assignment['assignment_id']}/scores",
            headers=headers,
            json={"scores": scores, "comment": f"Reviewed by {judge.name} for the demo."},
        )
        put.raise_for_status()
        given.append(GivenScores(judge.judge_id, applicant.key, scores))
    return given
