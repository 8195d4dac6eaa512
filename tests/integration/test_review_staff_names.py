"""Every staff action is recorded as an event naming who did it (issue 19): the `requested_by`
the console sends with a command is copied into the events that command causes."""

from __future__ import annotations

from test_review_round import profile, world  # type: ignore[import-not-found]

from contracts.contest import Contest
from contracts.review_commands import (
    CloseRound,
    CommitAssignment,
    Committed,
    FinalistsView,
    ImportJudges,
    JudgesImported,
    ProposalView,
    ProposeAssignment,
    Published,
    ReviewCommand,
    ScreeningSummary,
    ScreenRound,
    SelectFinalists,
)
from contracts.subjects import Subject
from servicekit.embedded import S3Server

KIM = "Kim Secretariat"


async def test_each_staff_command_names_who_asked_in_the_events_it_causes(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    contest_id = seoul_contest.id
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        judge = profile("j-nz", "NZ", "Wellington")
        added = ImportJudges(contest_id=contest_id, judges=(judge,), requested_by=KIM)
        await w.ask(ReviewCommand.JUDGES_IMPORT, added, JudgesImported)
        again = ScreenRound(contest_id=contest_id, requested_by=KIM)
        await w.ask(ReviewCommand.ROUND_SCREEN, again, ScreeningSummary)
        proposal = await w.ask(
            ReviewCommand.ROUND_PROPOSE,
            ProposeAssignment(contest_id=contest_id, seed=7, requested_by=KIM),
            ProposalView,
        )
        commit = CommitAssignment(
            contest_id=contest_id, proposal_id=proposal.proposal_id, requested_by=KIM
        )
        await w.ask(ReviewCommand.ROUND_COMMIT, commit, Committed)
        close = CloseRound(contest_id=contest_id, requested_by=KIM)
        await w.ask(ReviewCommand.ROUND_CLOSE, close, Published)
        pick = {"tech-innovacity": ("s-ke",)}
        select = SelectFinalists(contest_id=contest_id, selection=pick, requested_by=KIM)
        await w.ask(ReviewCommand.FINALISTS_SELECT, select, FinalistsView)

        registered = await w.events(Subject.JUDGE_REGISTERED)
        by_judge = {e["judge_id"]: e["requested_by"] for e in registered}
        assert by_judge["j-nz"] == KIM
        assert by_judge["j-jp"] == ""  # imported without a name: recorded as unknown
        started = {e["round"]: e["requested_by"] for e in await w.events(Subject.ROUND_STARTED)}
        assert started == {"screening": KIM, "panel": KIM}
        for subject in (
            Subject.ASSIGNMENT_COMMITTED,
            Subject.ROUND_CLOSED,
            Subject.FINALISTS_SELECTED,
        ):
            assert [e["requested_by"] for e in await w.events(subject)] == [KIM], subject
