"""`cityprize demo`: start the platform, then play a whole contest through its public
interfaces only — the staff commands over NATS, the applicant and judge HTTP APIs, events."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from pathlib import Path

import httpx
from nats.aio.client import Client
from rich.console import Console

from cityprize import bus, tracing
from cityprize.contest_cli import with_window_around_now
from cityprize.demo import applicant_pages, applying, report
from cityprize.demo.data import APPLICANTS, JUDGES, DemoApplicant, DemoJudge
from cityprize.demo.panel import decisions, panel
from cityprize.demo.played import Played
from cityprize.demo.waiting import progress_bar, wait_for
from cityprize.local import CONSOLE_PASSWORD_FILE, ensure_secret_file
from cityprize.platform import EmbeddedPlatform, Endpoints, External
from contracts.contest import load_contest
from contracts.events import ContestConfigured
from servicekit.telemetry import create_tracer_provider

CONTEST_FILE = Path("contests/seoul-smart-city-prize.yaml")
DEMO_SERVICE_ENV = {
    "ASSIGNMENT_SETTLE_SECONDS": "2",  # notify batches a judge's assignments into one email
    "SCHEDULE_SCAN_SECONDS": "1",
    "SEAL_INTERVAL_SECONDS": "1",
    "BACKOFF_INITIAL_SECONDS": "0.2",
}


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
