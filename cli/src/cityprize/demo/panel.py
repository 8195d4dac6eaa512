"""Demo step: the panel round, as staff and judges play it. Staff import the judges, screen
every submission (admitting the flagged ones, with a reason), propose and commit the
assignment; one judge scores in the portal in a real browser, the others through the judge
API, each from the sign-in link their assignment email brought them. Then staff close the
round, select the finalists and publish the results."""

from __future__ import annotations

from pathlib import Path

import httpx
from nats.aio.client import Client
from rich.console import Console

from cityprize import bus
from cityprize.demo import judging, portal, report
from cityprize.demo.data import DemoApplicant, DemoJudge
from cityprize.demo.played import Played
from cityprize.demo.waiting import progress_bar, wait_for
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


async def panel(client: Client, http: httpx.AsyncClient, played: Played, console: Console) -> None:
    await import_judges(client, played, console)
    await screen(client, played, console)
    committed = await assign(client, played, console)
    login = await sign_in_links(played)
    played.secrets.extend(judging.token_of(link) for link in login.values())
    await score(http, played, console, login, committed.assigned)


async def import_judges(client: Client, played: Played, console: Console) -> None:
    """Import the panel; one judge declares a conflict with Bogotá's submissions."""
    declared = {
        "j-silva": tuple(a.submission_id for a in played.applied if a.applicant.key == "bogota")
    }
    command = ImportJudges(
        contest_id=played.contest.id, judges=judging.profiles(played.judges, declared)
    )
    imported = await bus.request(client, ReviewCommand.JUDGES_IMPORT, command, JudgesImported)
    console.print(
        f"judges imported: {len(imported.registered)}, conflicts found: {imported.conflicts}"
    )


async def screen(client: Client, played: Played, console: Console) -> None:
    """Screen until every submission is, then admit each one flagged for a staff decision."""
    contest_id = played.contest.id

    async def screened() -> ScreeningSummary | None:
        command = ScreenRound(contest_id=contest_id)
        summary = await bus.request(client, ReviewCommand.ROUND_SCREEN, command, ScreeningSummary)
        return summary if sum(summary.outcomes.values()) >= len(played.applied) else None

    summary = await wait_for(screened, "every submission to be screened")
    console.print(f"screening: {dict(summary.outcomes)}")
    by_submission = {a.submission_id: a.applicant for a in played.applied}
    for submission_id in summary.needs_decision:
        admitted = OverrideScreening(
            contest_id=contest_id,
            submission_id=submission_id,
            outcome="eligible",
            reason="the secretariat checked the flag and admits it",
            decided_by="secretariat",
        )
        await bus.request(client, ReviewCommand.SCREENING_OVERRIDE, admitted, Published)
        console.print(
            f"staff decision: {by_submission[submission_id].title} admitted, with a reason"
        )


async def assign(client: Client, played: Played, console: Console) -> Committed:
    """Propose the assignment (seed 7), show it, and commit it as proposed."""
    proposing = ProposeAssignment(contest_id=played.contest.id, seed=7)
    proposal = await bus.request(client, ReviewCommand.ROUND_PROPOSE, proposing, ProposalView)
    played.proposal = proposal
    report.proposal(console, proposal)
    committing = CommitAssignment(contest_id=played.contest.id, proposal_id=proposal.proposal_id)
    committed = await bus.request(client, ReviewCommand.ROUND_COMMIT, committing, Committed)
    console.print(f"committed batch {committed.batch_id}: {committed.assigned} assignments")
    return committed


async def sign_in_links(played: Played) -> dict[str, str]:
    """Each assigned judge's sign-in link, from their assignment email (judge id → link)."""
    mail = Path(played.endpoints.mail_folder)
    assert played.proposal is not None, "links are awaited after the assignment"
    loaded = {j for j, load in played.proposal.loads.items() if load}

    async def links() -> dict[str, str] | None:
        found = judging.links_from_mail(mail, played.judges)
        return found if loaded <= found.keys() else None

    return await wait_for(links, "every assigned judge's email with a sign-in link")


async def score(
    http: httpx.AsyncClient, played: Played, console: Console, login: dict[str, str], total: int
) -> None:
    """The first judge with a link scores in the portal; the others through the judge API."""
    in_browser = next(j for j in played.judges if j.judge_id in login)
    await score_in_portal(played, console, in_browser, login[in_browser.judge_id])
    by_submission: dict[str, DemoApplicant] = {a.submission_id: a.applicant for a in played.applied}
    with progress_bar(console) as progress:
        task = progress.add_task("the others score through the judge API", total=total)
        progress.advance(task, len(played.given))
        for judge in played.judges:
            if judge.judge_id in login and judge is not in_browser:
                token = judging.token_of(login[judge.judge_id])
                given = await judging.score_assignments(
                    http, played.endpoints.review, judge, token, by_submission, played.contest
                )
                played.given.extend(given)
                progress.advance(task, len(given))


async def score_in_portal(played: Played, console: Console, judge: DemoJudge, link: str) -> None:
    console.print(
        f"{judge.name} scores in the judge portal ({played.endpoints.judge_portal}), "
        "in headless Chromium, from the link in their email"
    )
    by_title = {a.applicant.title: a.applicant for a in played.applied}
    shots = Path(played.endpoints.mail_folder).parent / "screenshots"
    played.given.extend(
        await portal.score_in_browser(link, judge, by_title, played.contest, shots=shots)
    )


async def decisions(client: Client, played: Played) -> Published:
    """Close the round, select the finalists, publish the top finalist of each category."""
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
