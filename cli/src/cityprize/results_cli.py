"""`cityprize finalists select`, `cityprize results publish` and `cityprize status`."""

from __future__ import annotations

from typing import Annotated

import typer

from cityprize.bus import ask
from cityprize.review_staff import DEFAULT_CONTEST, Contest, Who, pairs_option
from contracts import review_commands as rc

finalists_app = typer.Typer(help="Finalists per category.", no_args_is_help=True)
results_app = typer.Typer(help="Publish the results.", no_args_is_help=True)


@finalists_app.command("select")
def finalists_select(
    pick: Annotated[
        list[str] | None, typer.Option("--pick", help="CATEGORY=ID,ID: staff's own choice.")
    ] = None,
    method: Annotated[
        str, typer.Option("--method", help="raw_mean, median or normalised.")
    ] = "normalised",
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Top K per category by the method (K from the contest), or staff's own selection."""
    command = rc.SelectFinalists.model_validate(
        {"contest_id": contest, "method": method, "selection": pairs_option(pick) or None}
    )
    view = ask(rc.ReviewCommand.FINALISTS_SELECT, command)
    for category, ids in sorted(view.finalists.items()):
        stable = "stable" if view.stable.get(category, True) else "CHANGES between methods"
        typer.echo(f"{category} ({stable}): {', '.join(ids)}")
    for category, groups in sorted(view.ties.items()):
        for tied in groups:
            typer.echo(f"  tie in {category}: {', '.join(tied)} share a rank")
    for sid, flags in sorted(view.flags.items()):
        typer.echo(f"  moderation {sid}: {', '.join(flags)}")


@results_app.command("publish")
def results_publish(
    winner: Annotated[
        list[str], typer.Option("--winner", help="CATEGORY=ID,ID: the committee's decision.")
    ],
    by: Who,
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Publish ranks per category and the winners; the method is frozen from then on."""
    command = rc.PublishResults(contest_id=contest, decided_by=by, winners=pairs_option(winner))
    done = ask(rc.ReviewCommand.RESULTS_PUBLISH, command)
    typer.echo(f"results published (event {done.event_id})")


def status(contest: Contest = DEFAULT_CONTEST) -> None:
    """Progress of a contest: submissions by state, reviews done and due per judge."""
    now = ask(rc.ReviewCommand.STATUS, rc.StatusQuery(contest_id=contest))
    typer.echo(f"{now.contest_id}: {now.stage}")
    typer.echo("submissions: " + ", ".join(f"{k} {v}" for k, v in sorted(now.submissions.items())))
    for judge in now.judges:
        typer.echo(f"  {judge.judge_id}\tdone {judge.done}\tdue {judge.due}")
