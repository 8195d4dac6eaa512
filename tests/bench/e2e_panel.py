"""A contest's panel for the many-contests benchmark, through staff commands over NATS only:
judges imported, every submission screened, an assignment proposed and committed; later the
round closed, finalists chosen and results published.

Every upload of the benchmark is a city government in `CATEGORY`; the judges come from a
country and an organisation of their own, so no conflict of interest narrows the solver.
Judge ids are unique across contests, so each assignment email in the catcher belongs to one
contest (notify keys a judge's contact by contest and judge id).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from nats.aio.client import Client

from cityprize import bus
from contracts.review_commands import (
    CloseRound,
    CommitAssignment,
    Committed,
    FinalistsView,
    ImportJudges,
    JudgeProfile,
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

T = TypeVar("T")
JUDGES = int(os.environ.get("BENCH_E2E_CONTESTS_JUDGES", "4"))  # per contest
CATEGORY = "tech-innovacity"
FINALISTS = 15  # the Seoul contest's for CATEGORY
WAIT_SECONDS = 120.0
# notify holds a judge's assignment email until the batch settles (30 s by default) and scans
# its schedule every 5 s: the phase would mostly wait for those, so both are cut for it.
PANEL_SERVICE_ENV = {"ASSIGNMENT_SETTLE_SECONDS": "1", "SCHEDULE_SCAN_SECONDS": "1"}


def panel_domain(contest_id: str) -> str:
    return f"{contest_id}.panel.example.org"


def judges(contest_id: str, submissions: int) -> tuple[JudgeProfile, ...]:
    return tuple(
        JudgeProfile(
            judge_id=f"j{k}-{contest_id}",
            name=f"Bench Judge {k}",
            email=f"j{k}-{contest_id}@{panel_domain(contest_id)}",
            country="FI",
            city="Espoo",
            organisation="Bench Panel",
            domains=(panel_domain(contest_id),),
            expertise=("mobility",),
            max_load=submissions,  # at most one review of each submission: no cap in the way
        )
        for k in range(JUDGES)
    )


async def until(probe: Callable[[], Awaitable[T | None]], what: str) -> T:
    """The probe's first answer that is not None, polled until `WAIT_SECONDS` have passed."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (found := await probe()) is None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {WAIT_SECONDS:g} s for {what}")
        await asyncio.sleep(0.25)
    return found


async def screen(client: Client, contest_id: str, submissions: int) -> None:
    """Waits until review has screened every submission; staff admit any it flags."""

    async def screened() -> ScreeningSummary | None:
        command = ScreenRound(contest_id=contest_id)
        summary = await bus.request(client, ReviewCommand.ROUND_SCREEN, command, ScreeningSummary)
        return summary if sum(summary.outcomes.values()) >= submissions else None

    summary = await until(screened, f"{contest_id}'s submissions to be screened")
    for submission_id in summary.needs_decision:
        decision = OverrideScreening(
            contest_id=contest_id,
            submission_id=submission_id,
            outcome="eligible",
            reason="benchmark: admitted by staff",
            decided_by="bench secretariat",
        )
        await bus.request(client, ReviewCommand.SCREENING_OVERRIDE, decision, Published)


async def assign(client: Client, contest_id: str, submissions: int) -> set[str]:
    """Judges imported, submissions screened, the assignment committed: returns the addresses
    of the judges given reviews (each gets an assignment email with a sign-in link)."""
    imported = ImportJudges(contest_id=contest_id, judges=judges(contest_id, submissions))
    await bus.request(client, ReviewCommand.JUDGES_IMPORT, imported, JudgesImported)
    await screen(client, contest_id, submissions)
    proposal = await bus.request(
        client,
        ReviewCommand.ROUND_PROPOSE,
        ProposeAssignment(contest_id=contest_id, seed=7),
        ProposalView,
    )
    if proposal.uncovered:
        raise RuntimeError(f"{contest_id}: uncovered submissions {proposal.uncovered}")
    commit = CommitAssignment(contest_id=contest_id, proposal_id=proposal.proposal_id)
    await bus.request(client, ReviewCommand.ROUND_COMMIT, commit, Committed)
    return {f"{j}@{panel_domain(contest_id)}" for j, load in proposal.loads.items() if load}


async def publish(client: Client, contest_id: str, submission_ids: list[str]) -> float:
    """Round closed, finalists chosen, results published; returns when the publish command
    was answered (wall clock, comparable with email file mtimes).

    Staff choose the finalists (the first `FINALISTS` submissions): the automatic top-K pick
    refuses a tie at the cut, which scores drawn at random can produce.
    """
    await bus.request(
        client, ReviewCommand.ROUND_CLOSE, CloseRound(contest_id=contest_id), Published
    )
    chosen = {CATEGORY: tuple(submission_ids[:FINALISTS])}
    select = SelectFinalists(contest_id=contest_id, selection=chosen)
    await bus.request(client, ReviewCommand.FINALISTS_SELECT, select, FinalistsView)
    decision = PublishResults(
        contest_id=contest_id,
        decided_by="bench committee",
        winners={CATEGORY: tuple(submission_ids[:1])},
    )
    await bus.request(client, ReviewCommand.RESULTS_PUBLISH, decision, Published)
    return time.time()
