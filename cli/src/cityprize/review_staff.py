"""What the staff commands for review share: the `--contest`, `--by` and `--reason` options,
option parsing (`CATEGORY=ID,ID`, due dates) and how a `Moved` answer prints. Each command is
sent with `cityprize.bus.ask` (`contracts.review_commands`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from contracts.review_commands import Moved

DEFAULT_CONTEST = "seoul-smart-city-prize-2027"

Contest = Annotated[
    str,
    typer.Option("--contest", "-c", envvar="CITYPRIZE_CONTEST", help="The contest id."),
]
Who = Annotated[str, typer.Option("--by", help="Who decides (kept in the event).")]
Reason = Annotated[str, typer.Option("--reason", help="Why (kept in the event).")]


def pairs_option(values: list[str] | None) -> dict[str, tuple[str, ...]]:
    """`category=id,id` options into a mapping."""
    chosen: dict[str, tuple[str, ...]] = {}
    for value in values or []:
        category, _, ids = value.partition("=")
        if not category or not ids:
            raise typer.BadParameter(f"expected CATEGORY=ID[,ID...], got {value!r}")
        chosen[category.strip()] = tuple(i.strip() for i in ids.split(",") if i.strip())
    return chosen


def when(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise typer.BadParameter("give the due date with its offset, e.g. 2027-07-01T18:00+09:00")
    return moment


def show_moved(moved: Moved) -> None:
    typer.echo(f"unassigned: {len(moved.unassigned)}, assigned: {len(moved.assigned)}")
    for sid, why in sorted(moved.uncovered.items()):
        typer.echo(f"  uncovered {sid}: {why}")
