"""`cityprize round` (screen, assign, close) and `cityprize screening override`."""

from __future__ import annotations

from typing import Annotated

import typer

from cityprize.bus import ask
from cityprize.review_staff import DEFAULT_CONTEST, Contest, Reason, Who, when
from contracts import review_commands as rc

round_app = typer.Typer(
    help="Run the rounds: screening, assignment, closing.", no_args_is_help=True
)
screening_app = typer.Typer(help="Staff decisions on screening.", no_args_is_help=True)

RoundSlug = Annotated[str, typer.Option("--round")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Propose and show; commit nothing.")]
Commit = Annotated[bool, typer.Option("--commit", help="Commit a proposal shown before.")]
ProposalId = Annotated[str | None, typer.Option("--proposal", help="The proposal to commit.")]
Due = Annotated[str | None, typer.Option("--due", help="Due date, ISO 8601 with offset.")]
AcceptUnmet = Annotated[
    bool,
    typer.Option(
        "--accept-unmet-min-loads",
        help="Commit although the proposal leaves judges below their minimum load.",
    ),
]


@round_app.command("screen")
def round_screen(contest: Contest = DEFAULT_CONTEST) -> None:
    """Screen every submission again by the contest's rules and show the outcomes."""
    summary = ask(rc.ReviewCommand.ROUND_SCREEN, rc.ScreenRound(contest_id=contest))
    typer.echo(", ".join(f"{k}: {v}" for k, v in sorted(summary.outcomes.items())))
    typer.echo(f"changed: {summary.changed}")
    for sid in summary.needs_decision:
        typer.echo(f"  needs a staff decision: {sid}")


@round_app.command("assign")
def round_assign(
    dry_run: DryRun = False,
    commit: Commit = False,
    proposal: ProposalId = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    due: Due = None,
    round_slug: RoundSlug = "panel",
    accept_unmet: AcceptUnmet = False,
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Propose an assignment (--dry-run), inspect it, then commit it (--commit --proposal ID)."""
    if dry_run == commit:
        raise typer.BadParameter("give exactly one of --dry-run or --commit")
    if dry_run:
        propose(contest, round_slug, seed)
        return
    if proposal is None:
        raise typer.BadParameter("--commit needs --proposal (from a --dry-run)")
    command = rc.CommitAssignment(
        contest_id=contest,
        proposal_id=proposal,
        due_at=when(due),
        accept_unmet_min_loads=accept_unmet,
    )
    done = ask(rc.ReviewCommand.ROUND_COMMIT, command)
    typer.echo(
        f"committed batch {done.batch_id}: {done.assigned} assignments "
        f"due {done.due_at:%Y-%m-%d %H:%M}Z"
    )


def propose(contest: str, round_slug: str, seed: int) -> None:
    """Show a proposal: its loads, what it leaves uncovered (exit 3) or below minimum."""
    view = ask(
        rc.ReviewCommand.ROUND_PROPOSE,
        rc.ProposeAssignment(contest_id=contest, round=round_slug, seed=seed),
    )
    typer.echo(f"proposal {view.proposal_id}: {view.pairs} new pairs, affinity {view.affinity:g}")
    typer.echo(f"inputs {view.input_hash}, objective {view.objective:g}, seed {view.seed}")
    for judge, load in sorted(view.loads.items()):
        typer.echo(f"  {judge}\t{load}")
    for sid, why in sorted(view.uncovered.items()):
        typer.echo(f"  uncovered {sid}: {why}")
    for judge, why in sorted(view.unmet_min_loads.items()):
        typer.echo(f"  below minimum {judge}: {why}")
    if view.unmet_min_loads:
        typer.echo("  (commit with --accept-unmet-min-loads to accept them)")
    if view.uncovered:
        raise typer.Exit(3)


@round_app.command("close")
def round_close(round_slug: RoundSlug = "panel", contest: Contest = DEFAULT_CONTEST) -> None:
    """Close a round: judges can no longer score."""
    done = ask(rc.ReviewCommand.ROUND_CLOSE, rc.CloseRound(contest_id=contest, round=round_slug))
    typer.echo(f"closed {round_slug} (event {done.event_id})")


@screening_app.command("override")
def screening_override(
    submission_id: str,
    outcome: Annotated[str, typer.Option("--outcome", help="eligible or ineligible.")],
    reason: Reason,
    by: Who,
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Decide a submission's eligibility by hand, with a reason; the decision is an event."""
    command = rc.OverrideScreening.model_validate(
        {
            "contest_id": contest,
            "submission_id": submission_id,
            "outcome": outcome,
            "reason": reason,
            "decided_by": by,
        }
    )
    done = ask(rc.ReviewCommand.SCREENING_OVERRIDE, command)
    typer.echo(f"{submission_id}: {outcome} (event {done.event_id})")
