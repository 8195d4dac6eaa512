"""`cityprize` staff commands for review: judges, conflicts, rounds, finalists, results, status.

Mount with `register(app)`: it adds the sub-apps `judges`, `conflicts`, `round`, `finalists`,
`results`, `screening` and the command `status`. Everything goes over NATS request-reply to
the review service (`contracts.review_commands`); nothing here touches review's storage.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
import yaml
from pydantic import BaseModel, ValidationError

from cityprize.bus import CommandRefusedError, connected, request
from contracts.emails import same_addresses
from contracts.review_commands import (
    CheckConflicts,
    CloseRound,
    CommitAssignment,
    Committed,
    ConflictReport,
    ContestStatus,
    FinalistsView,
    ImportJudges,
    JudgeList,
    JudgeProfile,
    JudgesImported,
    ListJudges,
    Moved,
    OverrideScreening,
    PinConflict,
    ProposalView,
    ProposeAssignment,
    Published,
    PublishResults,
    ReviewCommand,
    ScreeningSummary,
    ScreenRound,
    SelectFinalists,
    StatusQuery,
    WithdrawJudge,
)

Reply = TypeVar("Reply", bound=BaseModel)
DEFAULT_CONTEST = "seoul-smart-city-prize-2027"
LIST_FIELDS = ("domains", "expertise", "languages", "declared_conflicts")

Contest = Annotated[
    str,
    typer.Option("--contest", "-c", envvar="CITYPRIZE_CONTEST", help="The contest id."),
]


def ask(subject: str, payload: BaseModel, reply: type[Reply]) -> Reply:
    """Send one command and wait for its answer; a refusal exits 1 with its kind."""

    async def send() -> Reply:
        async with connected(os.environ.get("NATS_URL")) as client:
            return await request(client, subject, payload, reply)

    try:
        return asyncio.run(send())
    except CommandRefusedError as refused:
        typer.echo(f"refused: {refused}", err=True)
        raise typer.Exit(1) from None


def _row(raw: dict[str, Any]) -> dict[str, Any]:
    row = {k.strip(): v for k, v in raw.items() if k and v not in (None, "")}
    for name in LIST_FIELDS:
        if isinstance(row.get(name), str):
            row[name] = [part for part in row[name].replace(";", " ").split() if part]
    return row


def read_judges(path: Path) -> tuple[JudgeProfile, ...]:
    """Judges from CSV (list fields separated by `;`) or YAML (a list, or `judges:` list).

    A CSV may start with a byte-order mark ("CSV UTF-8" as spreadsheets save it); a bad row is
    named by its line and column: `judges.csv line 3, column email: ...`.
    """
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        rows = csv_rows(text, path.name)
    else:
        loaded = yaml.safe_load(text)
        listed = loaded.get("judges", []) if isinstance(loaded, dict) else loaded or []
        rows = [(f"judge {number}", raw) for number, raw in enumerate(listed, start=1)]
    profiles = []
    for where, raw in rows:
        try:
            profiles.append(JudgeProfile.model_validate(_row(raw)))
        except ValidationError as error:
            by_column = path.suffix.lower() == ".csv"
            raise typer.BadParameter(f"{path.name} {_described(error, where, by_column)}") from None
    if not profiles:
        raise typer.BadParameter(f"{path.name} lists no judge")
    refuse_one_person_twice(path.name, profiles, [where for where, _ in rows])
    return tuple(profiles)


def refuse_one_person_twice(name: str, profiles: list[JudgeProfile], where: list[str]) -> None:
    """Two rows with one address (`contracts.emails.email_key`) are one person: refused, with
    both rows named, so a judge never writes two reviews of one submission."""
    groups = same_addresses([str(p.email) for p in profiles])
    if groups:
        people = "; ".join(
            f"{' and '.join(where[i] for i in group)} are one person ({profiles[group[0]].email})"
            for group in groups
        )
        raise typer.BadParameter(f"{name}: {people}: keep one row per judge")


def csv_rows(text: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    """Each row with where it is (`line N`, the line its record ends on)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    try:
        for raw in reader:
            if None in raw:  # DictReader keeps a row's surplus cells under the key None
                header = len(reader.fieldnames or ())
                raise typer.BadParameter(
                    f"{name} line {reader.line_num}: more cells than the header's {header} columns"
                )
            rows.append((f"line {reader.line_num}", raw))
    except csv.Error as error:
        raise typer.BadParameter(f"{name} line {reader.line_num}: {error}") from None
    return rows


def _described(error: ValidationError, where: str, by_column: bool) -> str:
    """`line 3, column email: ...` for a CSV row (the column is the header's name), or
    `judge 2: languages.0: ...` for a YAML item."""
    if not by_column:
        return f"{where}: " + "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
        )
    return "; ".join(
        f"{where}, column {e['loc'][0]}: {e['msg']}" if e["loc"] else f"{where}: {e['msg']}"
        for e in error.errors()
    )


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


Who = Annotated[str, typer.Option("--by", help="Who decides (kept in the event).")]
Reason = Annotated[str, typer.Option("--reason", help="Why (kept in the event).")]

judges_app = typer.Typer(help="Register judges and see their load.", no_args_is_help=True)
conflicts_app = typer.Typer(help="Conflicts of interest.", no_args_is_help=True)
round_app = typer.Typer(
    help="Run the rounds: screening, assignment, closing.", no_args_is_help=True
)
finalists_app = typer.Typer(help="Finalists per category.", no_args_is_help=True)
results_app = typer.Typer(help="Publish the results.", no_args_is_help=True)
screening_app = typer.Typer(help="Staff decisions on screening.", no_args_is_help=True)


@judges_app.command("import")
def judges_import(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or YAML.")],
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Register or update judges; their conflicts are detected at once."""
    judges = read_judges(path)
    done = ask(
        ReviewCommand.JUDGES_IMPORT, ImportJudges(contest_id=contest, judges=judges), JudgesImported
    )
    typer.echo(
        f"registered {len(done.registered)}, unchanged {len(done.unchanged)}, "
        f"conflicts {done.conflicts}"
    )


@judges_app.command("list")
def judges_list(contest: Contest = DEFAULT_CONTEST) -> None:
    """Each judge with pool, load limits, conflicts, assigned and scored reviews."""
    listed = ask(ReviewCommand.JUDGES_LIST, ListJudges(contest_id=contest), JudgeList)
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
    command = WithdrawJudge(contest_id=contest, judge_id=judge_id, reason=reason, decided_by=by)
    show_moved(ask(ReviewCommand.JUDGE_WITHDRAW, command, Moved))


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
    command = CheckConflicts(contest_id=contest, judge_id=judge_id, prospective=candidate)
    report = ask(ReviewCommand.CONFLICTS_CHECK, command, ConflictReport)
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
    command = PinConflict(
        contest_id=contest,
        judge_id=judge_id,
        submission_id=submission_id,
        conflicted=not clear,
        reason=reason,
        decided_by=by,
    )
    show_moved(ask(ReviewCommand.CONFLICT_PIN, command, Moved))


@round_app.command("screen")
def round_screen(contest: Contest = DEFAULT_CONTEST) -> None:
    """Screen every submission again by the contest's rules and show the outcomes."""
    summary = ask(ReviewCommand.ROUND_SCREEN, ScreenRound(contest_id=contest), ScreeningSummary)
    typer.echo(", ".join(f"{k}: {v}" for k, v in sorted(summary.outcomes.items())))
    typer.echo(f"changed: {summary.changed}")
    for sid in summary.needs_decision:
        typer.echo(f"  needs a staff decision: {sid}")


@round_app.command("assign")
def round_assign(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Propose and show; commit nothing.")
    ] = False,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit a proposal shown before.")
    ] = False,
    proposal: Annotated[
        str | None, typer.Option("--proposal", help="The proposal to commit.")
    ] = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    due: Annotated[
        str | None, typer.Option("--due", help="Due date, ISO 8601 with offset.")
    ] = None,
    round_slug: Annotated[str, typer.Option("--round")] = "panel",
    accept_unmet: Annotated[
        bool,
        typer.Option(
            "--accept-unmet-min-loads",
            help="Commit although the proposal leaves judges below their minimum load.",
        ),
    ] = False,
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Propose an assignment (--dry-run), inspect it, then commit it (--commit --proposal ID)."""
    if dry_run == commit:
        raise typer.BadParameter("give exactly one of --dry-run or --commit")
    if dry_run:
        view = ask(
            ReviewCommand.ROUND_PROPOSE,
            ProposeAssignment(contest_id=contest, round=round_slug, seed=seed),
            ProposalView,
        )
        typer.echo(
            f"proposal {view.proposal_id}: {view.pairs} new pairs, affinity {view.affinity:g}"
        )
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
        return
    if proposal is None:
        raise typer.BadParameter("--commit needs --proposal (from a --dry-run)")
    done = ask(
        ReviewCommand.ROUND_COMMIT,
        CommitAssignment(
            contest_id=contest,
            proposal_id=proposal,
            due_at=when(due),
            accept_unmet_min_loads=accept_unmet,
        ),
        Committed,
    )
    typer.echo(
        f"committed batch {done.batch_id}: {done.assigned} assignments "
        f"due {done.due_at:%Y-%m-%d %H:%M}Z"
    )


@round_app.command("close")
def round_close(
    round_slug: Annotated[str, typer.Option("--round")] = "panel",
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Close a round: judges can no longer score."""
    done = ask(
        ReviewCommand.ROUND_CLOSE, CloseRound(contest_id=contest, round=round_slug), Published
    )
    typer.echo(f"closed {round_slug} (event {done.event_id})")


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
    command = SelectFinalists.model_validate(
        {"contest_id": contest, "method": method, "selection": pairs_option(pick) or None}
    )
    view = ask(ReviewCommand.FINALISTS_SELECT, command, FinalistsView)
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
    command = PublishResults(contest_id=contest, decided_by=by, winners=pairs_option(winner))
    done = ask(ReviewCommand.RESULTS_PUBLISH, command, Published)
    typer.echo(f"results published (event {done.event_id})")


@screening_app.command("override")
def screening_override(
    submission_id: str,
    outcome: Annotated[str, typer.Option("--outcome", help="eligible or ineligible.")],
    reason: Reason,
    by: Who,
    contest: Contest = DEFAULT_CONTEST,
) -> None:
    """Decide a submission's eligibility by hand, with a reason; the decision is an event."""
    command = OverrideScreening.model_validate(
        {
            "contest_id": contest,
            "submission_id": submission_id,
            "outcome": outcome,
            "reason": reason,
            "decided_by": by,
        }
    )
    done = ask(ReviewCommand.SCREENING_OVERRIDE, command, Published)
    typer.echo(f"{submission_id}: {outcome} (event {done.event_id})")


def status(contest: Contest = DEFAULT_CONTEST) -> None:
    """Progress of a contest: submissions by state, reviews done and due per judge."""
    now = ask(ReviewCommand.STATUS, StatusQuery(contest_id=contest), ContestStatus)
    typer.echo(f"{now.contest_id}: {now.stage}")
    typer.echo("submissions: " + ", ".join(f"{k} {v}" for k, v in sorted(now.submissions.items())))
    for judge in now.judges:
        typer.echo(f"  {judge.judge_id}\tdone {judge.done}\tdue {judge.due}")


def register(app: typer.Typer) -> None:
    """Add review's commands to the `cityprize` app."""
    app.add_typer(judges_app, name="judges")
    app.add_typer(conflicts_app, name="conflicts")
    app.add_typer(round_app, name="round")
    app.add_typer(finalists_app, name="finalists")
    app.add_typer(results_app, name="results")
    app.add_typer(screening_app, name="screening")
    app.command("status")(status)


review_app = typer.Typer(help="Review: judges, conflicts, rounds, results.", no_args_is_help=True)
register(review_app)
