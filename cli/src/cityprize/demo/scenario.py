"""`cityprize demo`: start the platform, then play a whole contest through its public
interfaces only — the staff commands over NATS, the applicant and judge HTTP APIs, events."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
from nats.aio.client import Client
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cityprize import bus, tracing
from cityprize.contest_cli import with_window_around_now
from cityprize.demo import applicant_pages, applying, judging, portal, report
from cityprize.demo.data import APPLICANTS, JUDGES, DemoApplicant, DemoJudge
from cityprize.local import CONSOLE_PASSWORD_FILE, ensure_secret_file
from cityprize.platform import EmbeddedPlatform, Endpoints, External
from contracts.archive_commands import ChainReport
from contracts.contest import Contest, load_contest
from contracts.events import ContestConfigured, ResultsPublished
from contracts.review_commands import (
    CloseRound,
    CommitAssignment,
    Committed,
    FinalistsView,
    ImportJudges,
    JudgesImported,
    OverrideScreening,
    ProposalView,
    ProposeAssignment,
    Published,
    PublishResults,
    ReviewCommand,
    ScreeningSummary,
    ScreenRound,
    SelectFinalists,
)
from servicekit.telemetry import create_tracer_provider

T = TypeVar("T")
CONTEST_FILE = Path("contests/seoul-smart-city-prize.yaml")
DEMO_SERVICE_ENV = {
    "ASSIGNMENT_SETTLE_SECONDS": "2",  # notify batches a judge's assignments into one email
    "SCHEDULE_SCAN_SECONDS": "1",
    "SEAL_INTERVAL_SECONDS": "1",
    "BACKOFF_INITIAL_SECONDS": "0.2",
}


@dataclass
class Played:
    contest: Contest
    endpoints: Endpoints
    applied: list[applying.Applied] = field(default_factory=list)
    applicants: tuple[DemoApplicant, ...] = APPLICANTS
    judges: tuple[DemoJudge, ...] = JUDGES
    given: list[judging.GivenScores] = field(default_factory=list)
    proposal: ProposalView | None = None
    finalists: FinalistsView | None = None
    results: ResultsPublished | None = None
    chain: ChainReport | None = None
    timings: dict[str, float] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)
    """Every API key and judge token handed out: none may show in a span or a log line."""


async def wait_for(probe: Callable[[], Awaitable[T | None]], what: str, timeout: float = 60) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (found := await probe()) is not None:
            return found
        await asyncio.sleep(0.25)
    raise TimeoutError(f"the demo waited {timeout:.0f}s for {what}")


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


async def intake_ready(
    http: httpx.AsyncClient, endpoints: Endpoints, contest_id: str
) -> bool | None:
    response = await http.get(f"{endpoints.intake}/v1/contests/{contest_id}")
    return True if response.status_code == 200 else None


async def applications(
    client: Client, http: httpx.AsyncClient, played: Played, console: Console
) -> None:
    contest_id = played.contest.id
    with progress_bar(console) as progress:
        task = progress.add_task("applicants register and apply", total=len(played.applicants))
        # One applies on the applicant pages, in a real browser (the first applying on behalf
        # of a city, so the endorsement letter is asked for); the others over the API.
        in_page = next((a for a in played.applicants if a.on_behalf_of_city), None)
        for seed, applicant in enumerate(played.applicants, start=1):
            key = await applying.register(client, contest_id, applicant)
            played.secrets.append(key.api_key)
            intake = played.endpoints.intake
            if applicant is in_page:
                console.print(f"{applicant.name} applies on the applicant pages ({intake}/apply/)")
                shots = Path(played.endpoints.mail_folder).parent / "screenshots"
                applied = await applicant_pages.apply_in_browser(
                    intake, contest_id, key, applicant, seed, shots
                )
            else:
                applied = await applying.apply(http, intake, contest_id, key, applicant, seed)
            played.applied.append(applied)
            progress.advance(task)


async def panel(client: Client, http: httpx.AsyncClient, played: Played, console: Console) -> None:
    contest = played.contest
    by_submission = {a.submission_id: a.applicant for a in played.applied}
    declared = {
        "j-silva": tuple(a.submission_id for a in played.applied if a.applicant.key == "bogota")
    }
    imported = await bus.request(
        client,
        ReviewCommand.JUDGES_IMPORT,
        ImportJudges(contest_id=contest.id, judges=judging.profiles(played.judges, declared)),
        JudgesImported,
    )
    console.print(
        f"judges imported: {len(imported.registered)}, conflicts found: {imported.conflicts}"
    )

    async def screened() -> ScreeningSummary | None:
        summary = await bus.request(
            client, ReviewCommand.ROUND_SCREEN, ScreenRound(contest_id=contest.id), ScreeningSummary
        )
        return summary if sum(summary.outcomes.values()) >= len(played.applied) else None

    summary = await wait_for(screened, "every submission to be screened")
    console.print(f"screening: {dict(summary.outcomes)}")
    for submission_id in summary.needs_decision:
        await bus.request(
            client,
            ReviewCommand.SCREENING_OVERRIDE,
            OverrideScreening(
                contest_id=contest.id,
                submission_id=submission_id,
                outcome="eligible",
                reason="the secretariat checked the flag and admits it",
                decided_by="secretariat",
            ),
            Published,
        )
        console.print(
            f"staff decision: {by_submission[submission_id].title} admitted, with a reason"
        )
    played.proposal = await bus.request(
        client,
        ReviewCommand.ROUND_PROPOSE,
        ProposeAssignment(contest_id=contest.id, seed=7),
        ProposalView,
    )
    report.proposal(console, played.proposal)
    committed = await bus.request(
        client,
        ReviewCommand.ROUND_COMMIT,
        CommitAssignment(contest_id=contest.id, proposal_id=played.proposal.proposal_id),
        Committed,
    )
    console.print(f"committed batch {committed.batch_id}: {committed.assigned} assignments")
    mail = Path(played.endpoints.mail_folder)
    loaded = {j for j, load in played.proposal.loads.items() if load}

    async def links() -> dict[str, str] | None:
        found = judging.links_from_mail(mail, played.judges)
        return found if loaded <= found.keys() else None

    login = await wait_for(links, "every assigned judge's email with a sign-in link")
    in_browser = next(j for j in played.judges if j.judge_id in login)
    by_title = {a.applicant.title: a.applicant for a in played.applied}
    console.print(
        f"{in_browser.name} scores in the judge portal ({played.endpoints.judge_portal}), "
        "in headless Chromium, from the link in their email"
    )
    played.given.extend(
        await portal.score_in_browser(
            login[in_browser.judge_id],
            in_browser,
            by_title,
            contest,
            shots=Path(played.endpoints.mail_folder).parent / "screenshots",
        )
    )
    played.secrets.extend(judging.token_of(link) for link in login.values())
    with progress_bar(console) as progress:
        task = progress.add_task("the others score through the judge API", total=committed.assigned)
        progress.advance(task, len(played.given))
        for judge in played.judges:
            if judge.judge_id in login and judge is not in_browser:
                given = await judging.score_assignments(
                    http,
                    played.endpoints.review,
                    judge,
                    judging.token_of(login[judge.judge_id]),
                    by_submission,
                    contest,
                )
                played.given.extend(given)
                progress.advance(task, len(given))


async def decisions(client: Client, played: Played) -> Published:
    contest_id = played.contest.id
    await bus.request(
        client, ReviewCommand.ROUND_CLOSE, CloseRound(contest_id=contest_id), Published
    )
    played.finalists = await bus.request(
        client,
        ReviewCommand.FINALISTS_SELECT,
        SelectFinalists(contest_id=contest_id),
        FinalistsView,
    )
    winners = {category: ids[:1] for category, ids in played.finalists.finalists.items() if ids}
    return await bus.request(
        client,
        ReviewCommand.RESULTS_PUBLISH,
        PublishResults(contest_id=contest_id, decided_by="WeGO committee (demo)", winners=winners),
        Published,
    )


async def play(
    endpoints: Endpoints,
    console: Console,
    applicants: tuple[DemoApplicant, ...] = APPLICANTS,
    judges: tuple[DemoJudge, ...] = JUDGES,
) -> Played:
    contest = with_window_around_now(load_contest(CONTEST_FILE), hours=2)
    played = Played(contest=contest, endpoints=endpoints, applicants=applicants, judges=judges)
    # Staff's requests are spans too, beside the services' (and in the trace UI if there is one).
    cli_spans = create_tracer_provider(
        tracing.SERVICE,
        traces_file=str(Path(endpoints.traces_folder) / f"{tracing.SERVICE}.jsonl"),
        otlp_endpoint=endpoints.traces_ui or None,
    )
    tracing.use(cli_spans)
    async with bus.connected(endpoints.nats) as client, httpx.AsyncClient(timeout=60) as http:
        await bus.publish(client, ContestConfigured(contest_id=contest.id, contest=contest))
        await wait_for(
            lambda: intake_ready(http, endpoints, contest.id), "intake to know the contest"
        )
        for name, step in (("apply", applications), ("judge", panel)):
            started = time.monotonic()
            await step(client, http, played, console)
            played.timings[name] = time.monotonic() - started
        published = await decisions(client, played)
        played.results = await report.results(console, client, published.event_id, played)
        mail = Path(endpoints.mail_folder)
        await wait_for(lambda: report.results_mailed(mail, len(played.applied)), "results emails")
        report.emails(console, mail)
        played.chain = await report.archive(console, client, contest.id)
    cli_spans.force_flush()
    report.traces(console, endpoints, played.applied[0].submission_id if played.applied else "")
    report.secrets_scan(console, Path(endpoints.traces_folder).parent, played.secrets)
    return played


def run_demo(var: Path, console: Console, *, traces: bool = False, keep: bool = False) -> Played:
    """Play the contest; with `traces` or `keep`, the platform (and the trace UI) stay up until
    Ctrl-C, so the finished contest can be looked at in the staff console."""
    started = time.monotonic()
    password_file = var / CONSOLE_PASSWORD_FILE
    password = ensure_secret_file(password_file, os.environ.get("CONSOLE_FIRST_PASSWORD") or None)
    with EmbeddedPlatform(
        var.resolve(),
        External.mongodb_from_environment(),
        service_env={**DEMO_SERVICE_ENV, "CONSOLE_FIRST_PASSWORD": password},
        traces=traces,
    ) as platform:
        with console.status("starting the platform"):
            endpoints = platform.start(lambda step: console.print(f"[dim]{step}[/dim]"))
        console.print(
            f"platform up in {time.monotonic() - started:.1f}s; endpoints in {var}/endpoints.json"
        )
        console.print(f"judge portal: {endpoints.judge_portal}")
        played = asyncio.run(play(endpoints, console))
        console.print(
            f"staff console of the finished contest: {endpoints.console} (sign in as "
            f"'secretariat' with the password in {password_file})"
        )
        if traces:
            console.print(f"the trace UI stays at {endpoints.traces_ui}")
        if traces or keep:
            console.print("the platform stays up; Ctrl-C stops everything")
            with contextlib.suppress(KeyboardInterrupt):
                threading.Event().wait()
        console.print("stopping services, then servers")
    console.print(f"[bold green]demo finished in {time.monotonic() - started:.0f}s[/]")
    return played


__all__ = ["DemoApplicant", "Played", "run_demo"]
