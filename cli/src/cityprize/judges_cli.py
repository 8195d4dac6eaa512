"""`cityprize judges` (import, list, withdraw) and `cityprize conflicts` (check, pin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cityprize.bus import ask
from cityprize.judge_files import read_judges
from cityprize.review_staff import DEFAULT_CONTEST, Contest, Reason, Who, show_moved
from contracts import review_commands as rc

judges_app = typer.Typer(help="Register judges and see their load.", no_args_is_help=True)
conflicts_app = typer.Typer(help="Conflicts of interest.", no_args_is_help=True)


@judges_app.command("import")
def judges_import(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or YAML.")],
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Register or update judges; their conflicts are detected at once."""
    judges = read_judges(path)
    done = ask(rc.ReviewCommand.JUDGES_IMPORT, rc.ImportJudges(contest_id=contest, judges=judges))
    typer.echo(
        f"registered {len(done.registered)}, unchanged {len(done.unchanged)}, "
        f"conflicts {done.conflicts}"
    )


@judges_app.command("list")
def judges_list(contest: Contest = DEFAULT_CONTEST) -> None:
    """Each judge with pool, load limits, conflicts, assigned and scored reviews."""
    listed = ask(rc.ReviewCommand.JUDGES_LIST, rc.ListJudges(contest_id=contest))
    for j in listed.judges:
        state = " (withdrawn)" if j.withdrawn else ""
        typer.echo(
            f"{j.judge_id}\t{j.country}\t{j.pool}\tload {j.min_load}-{j.max_load}\t"
            f"conflicts {j.conflicts}\tassigned {j.assigned}\tscored {j.scored}{state}"
        )


@judges_app.command("withdraw")
def judges_withdraw(
    judge_id: str, reason: Reason, by: Who, contest: Contest = DEFAULT_CONTEST
) -> None:
    """Withdraw a judge; only their assignments move to other judges."""
    command = rc.WithdrawJudge(contest_id=contest, judge_id=judge_id, reason=reason, decided_by=by)
    show_moved(ask(rc.ReviewCommand.JUDGE_WITHDRAW, command))


@conflicts_app.command("check")
def conflicts_check(
    judge_id: Annotated[str | None, typer.Option("--judge", help="A registered judge.")] = None,
    prospective: Annotated[
        Path | None,
        typer.Option("--prospective", exists=True, help="A judge file (one judge): what if?"),
    ] = None,
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """A judge's conflicts with their source and time; a prospective judge is not registered."""
    if (judge_id is None) == (prospective is None):
        raise typer.BadParameter("give either --judge or --prospective")
    candidate = read_judges(prospective)[0] if prospective else None
    command = rc.CheckConflicts(contest_id=contest, judge_id=judge_id, prospective=candidate)
    report = ask(rc.ReviewCommand.CONFLICTS_CHECK, command)
    registered = "registered" if report.registered else "prospective, not registered"
    typer.echo(
        f"{report.judge_id} ({registered}): {sum(c.conflicted for c in report.conflicts)} conflicts"
    )
    for c in report.conflicts:
        mark = "conflict" if c.conflicted else "no conflict"
        source = f"{c.source}/{c.rule}" if c.rule else c.source
        typer.echo(
            f"  {c.submission_id}\t{mark}\t{source}\t{c.recorded_at:%Y-%m-%d %H:%M}Z\t{c.reason}"
        )


@conflicts_app.command("pin")
def conflicts_pin(
    judge_id: str,
    submission_id: str,
    reason: Reason,
    by: Who,
    clear: Annotated[bool, typer.Option("--clear", help="Pin a non-conflict instead.")] = False,
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Pin a conflict (or a non-conflict) that survives re-detection."""
    command = rc.PinConflict(
        contest_id=contest,
        judge_id=judge_id,
        submission_id=submission_id,
        conflicted=not clear,
        reason=reason,
        decided_by=by,
    )
    show_moved(ask(rc.ReviewCommand.CONFLICT_PIN, command))
