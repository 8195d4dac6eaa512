"""`cityprize contest check|apply|show`: contest files in, `prize.contest.configured` out."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import httpx
import typer

from cityprize import bus
from cityprize.platform import Endpoints
from contracts.contest import Contest, ContestFileError, load_contest
from contracts.contest_parts import Window
from contracts.events import ContestConfigured

app = typer.Typer(help="Contest files: check, apply to the platform, show what it serves.")
ContestPath = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, help="A contest file (YAML).")
]


def read_contest(path: Path) -> Contest:
    try:
        return load_contest(path)
    except ContestFileError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None


def with_window_around_now(contest: Contest, hours: float) -> Contest:
    """For demos and rehearsals: open an hour ago, close `hours` from now."""
    now = datetime.now(UTC).replace(microsecond=0)
    window = Window(opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=hours))
    return contest.model_copy(update={"window": window})


@app.command("check")
def check(path: ContestPath) -> None:
    """Validate a contest file and print its outline, or every bad field."""
    contest = read_contest(path)
    typer.echo(f"{contest.id}: {contest.name}")
    typer.echo(f"  window: {contest.window.opens_at} → {contest.window.closes_at}")
    typer.echo(f"  categories: {', '.join(c.slug for c in contest.categories)}")


@app.command("apply")
def apply(
    path: ContestPath,
    open_for_hours: Annotated[
        float | None,
        typer.Option(help="Replace the window: open since an hour ago, for this many hours."),
    ] = None,
) -> None:
    """Publish the contest file to every service (`prize.contest.configured`)."""
    contest = read_contest(path)
    if open_for_hours is not None:
        contest = with_window_around_now(contest, open_for_hours)
    event = ContestConfigured(contest_id=contest.id, contest=contest)

    async def send() -> bool:
        async with bus.connected() as client:
            return await bus.publish(client, event)

    asyncio.run(send())
    typer.echo(f"applied {contest.id} (event {event.event_id})")
    typer.echo(f"  window: {contest.window.opens_at} → {contest.window.closes_at}")


@app.command("show")
def show(
    contest_id: str,
    endpoints: Annotated[Path, typer.Option(help="Written by `cityprize up`.")] = Path(
        "var/endpoints.json"
    ),
) -> None:
    """Show the public part of a contest as intake serves it to applicants."""
    intake = Endpoints.read(endpoints).intake
    response = httpx.get(f"{intake}/v1/contests/{contest_id}", timeout=10)
    if response.status_code != 200:
        typer.echo(f"{response.status_code}: {response.text}", err=True)
        raise typer.Exit(1)
    typer.echo(response.text)
