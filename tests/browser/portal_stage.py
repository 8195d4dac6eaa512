"""The stage the browser tests play on: the whole platform (`cityprize up`'s embedded runner:
real servers and the four services as processes) with seven applications (one titled with a
script), the demo's eight judges, the panel assigned and committed, and every assignment
email caught as `.eml`. Kept out of conftest.py so test modules can import it by a name
no other test folder uses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
from console_stage import console_env  # type: ignore[import-not-found]
from playwright.sync_api import Page

from cityprize import bus
from cityprize.contest_cli import with_window_around_now
from cityprize.demo import applying, judging
from cityprize.demo.browser import chromium_path
from cityprize.demo.data import APPLICANTS, JUDGES
from cityprize.demo.scenario import DEMO_SERVICE_ENV
from cityprize.demo.waiting import wait_for
from cityprize.platform import EmbeddedPlatform, Endpoints
from contracts.contest import Contest, load_contest
from contracts.events import ContestConfigured
from contracts.queries import JUDGE_PORTAL_LINK, JudgePortalLink, JudgePortalLinkQuery
from contracts.review_commands import (
    CommitAssignment,
    Committed,
    ImportJudges,
    JudgesImported,
    OverrideScreening,
    ProposalView,
    ProposeAssignment,
    Published,
    ReviewCommand,
    ScreeningSummary,
    ScreenRound,
)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
STAFF_TOKEN = "browser-tests-staff-token"  # the archive's staff API, for the as-judged record
XSS_TITLE = '<script>alert("xss")</script> Smart bins'
APPLYING = (
    *[a for a in APPLICANTS if a.category == "tech-innovacity"][:6],
    replace(
        APPLICANTS[4],
        key="kumasi",
        name="Kumasi City Government",
        organisation="Kumasi City Government",
        city="Kumasi",
        country="GH",
        title=XSS_TITLE,
    ),
)


@dataclass
class Stage:
    endpoints: Endpoints
    contest: Contest
    applied: list[applying.Applied]
    emailed: dict[str, str] = field(default_factory=dict)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """Each applicant's API key by its demo key, for the applicant pages' tests."""

    def fresh_link(self, judge_id: str) -> str:
        """A new sign-in link, asked of review exactly as notify asks for an email."""

        async def ask() -> JudgePortalLink:
            async with bus.connected(self.endpoints.nats) as client:
                query = JudgePortalLinkQuery(contest_id=self.contest.id, judge_id=judge_id)
                return await bus.request(client, JUDGE_PORTAL_LINK, query, JudgePortalLink)

        # Playwright's sync API keeps an event loop running in this thread: ask from another.
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, ask()).result(timeout=30).url

    def api(self, judge_id: str, path: str = "") -> Any:
        """The judge API, with the token of the judge's emailed link as bearer."""
        token = judging.token_of(self.emailed[judge_id])
        answer = httpx.get(
            f"{self.endpoints.review}/v1/judge/assignments{path}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        answer.raise_for_status()
        return answer.json()

    def judge_with(self, count: int, *, not_: tuple[str, ...] = ()) -> str:
        return next(j for j, t in self.titles.items() if len(t) >= count and j not in not_)

    def judge_of(self, title: str) -> str:
        return next(j for j, t in self.titles.items() if title in t.values())


async def _applications(client: Any, http: httpx.AsyncClient, stage: Stage) -> None:
    for seed, applicant in enumerate(APPLYING, start=1):
        key = await applying.register(client, stage.contest.id, applicant)
        stage.keys[applicant.key] = key.api_key
        stage.applied.append(
            await applying.apply(
                http, stage.endpoints.intake, stage.contest.id, key, applicant, seed
            )
        )


async def _panel(client: Any, stage: Stage) -> set[str]:
    contest_id = stage.contest.id
    await bus.request(
        client,
        ReviewCommand.JUDGES_IMPORT,
        ImportJudges(contest_id=contest_id, judges=judging.profiles(JUDGES, {})),
        JudgesImported,
    )

    async def screened() -> ScreeningSummary | None:
        summary = await bus.request(
            client, ReviewCommand.ROUND_SCREEN, ScreenRound(contest_id=contest_id), ScreeningSummary
        )
        return summary if sum(summary.outcomes.values()) >= len(stage.applied) else None

    summary = await wait_for(screened, "every submission screened")
    for submission_id in summary.needs_decision:
        decision = OverrideScreening(
            contest_id=contest_id,
            submission_id=submission_id,
            outcome="eligible",
            reason="admitted for the browser tests",
            decided_by="tests",
        )
        await bus.request(client, ReviewCommand.SCREENING_OVERRIDE, decision, Published)
    proposal = await bus.request(
        client,
        ReviewCommand.ROUND_PROPOSE,
        ProposeAssignment(contest_id=contest_id, seed=7),
        ProposalView,
    )
    await bus.request(
        client,
        ReviewCommand.ROUND_COMMIT,
        CommitAssignment(contest_id=contest_id, proposal_id=proposal.proposal_id),
        Committed,
    )
    return {judge for judge, load in proposal.loads.items() if load}


async def _play(stage: Stage) -> None:
    async with bus.connected(stage.endpoints.nats) as client, httpx.AsyncClient(timeout=60) as http:
        await bus.publish(
            client, ContestConfigured(contest_id=stage.contest.id, contest=stage.contest)
        )

        async def intake_knows() -> bool | None:
            answer = await http.get(f"{stage.endpoints.intake}/v1/contests/{stage.contest.id}")
            return True if answer.status_code == 200 else None

        await wait_for(intake_knows, "intake to know the contest")
        await _applications(client, http, stage)
        loaded = await _panel(client, stage)
        mail = Path(stage.endpoints.mail_folder)

        async def links() -> dict[str, str] | None:
            found = judging.links_from_mail(mail, JUDGES)
            return found if loaded <= found.keys() else None

        stage.emailed = await wait_for(links, "every assigned judge's email")


@contextmanager
def staged(var: Path) -> Iterator[Stage]:
    """The platform started under `var`, the contest played up to the judges' emails."""
    chromium_path()  # no browser, no point in starting the platform: fail at once
    env = {**DEMO_SERVICE_ENV, "STAFF_TOKEN": STAFF_TOKEN, "CITYPRIZE_TRACES_FILE": ""}
    env |= console_env(var)  # the staff console's tests share this platform
    with EmbeddedPlatform(var, service_env=env) as platform:
        endpoints = platform.start()
        contest_file = ROOT / "contests" / "seoul-smart-city-prize.yaml"
        contest = with_window_around_now(load_contest(contest_file), hours=2)
        # The applicant pages' tests send a 50 MiB file: above the Seoul prize's 25 MiB.
        rules = contest.file_rules.model_copy(update={"max_file_bytes": 60 * 1024 * 1024})
        contest = contest.model_copy(update={"file_rules": rules})
        played = Stage(endpoints, contest, [])
        asyncio.run(_play(played))
        for judge_id in played.emailed:
            played.titles[judge_id] = {a["assignment_id"]: a["title"] for a in played.api(judge_id)}
        yield played


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    found: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in found["violations"]
        if v["impact"] in ("serious", "critical")
    ]
