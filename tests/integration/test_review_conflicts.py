"""Conflicts of interest keep their source; a withdrawal or a late conflict moves only the
pairs it affects; a prospective judge can be checked without being registered."""

from __future__ import annotations

from test_review_round import (  # type: ignore[import-not-found]
    JUDGES,
    commit_panel,
    profile,
    world,
)

from contracts.contest import Contest
from contracts.events import SubmissionAmended, SubmissionReceived
from contracts.review_commands import (
    CheckConflicts,
    ConflictReport,
    JudgeList,
    ListJudges,
    Moved,
    PinConflict,
    ReviewCommand,
    WithdrawJudge,
)
from contracts.subjects import Subject
from servicekit.broker import publish_event
from servicekit.embedded import S3Server
from tests.support.service_apps import broker_of
from tests.support.waiting import eventually


async def test_a_withdrawal_and_a_late_conflict_move_only_the_pairs_they_affect(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        before = {
            (e["judge_id"], e["submission_id"]) for e in await w.events(Subject.REVIEW_ASSIGNED)
        }
        leaving = {pair for pair in before if pair[0] == "j-us"}

        moved = await w.ask(
            ReviewCommand.JUDGE_WITHDRAW,
            WithdrawJudge(
                contest_id=seoul_contest.id,
                judge_id="j-us",
                reason="illness",
                decided_by="secretariat",
            ),
            Moved,
        )

        assert len(moved.unassigned) == len(leaving) == len(moved.assigned)
        assert moved.uncovered == {}
        unassigned = await w.events(Subject.REVIEW_UNASSIGNED)
        assert {(e["judge_id"], e["submission_id"]) for e in unassigned} == leaving
        judges = await w.ask(
            ReviewCommand.JUDGES_LIST, ListJudges(contest_id=seoul_contest.id), JudgeList
        )
        us = next(j for j in judges.judges if j.judge_id == "j-us")
        assert us.withdrawn
        assert us.assigned == 0

        kept = before - leaving
        pinned_pair = sorted(p for p in kept if p[0] == "j-de" and p[1] != "s-fr")[0]
        late = await w.ask(
            ReviewCommand.CONFLICT_PIN,
            PinConflict(
                contest_id=seoul_contest.id,
                judge_id="j-de",
                submission_id=pinned_pair[1],
                conflicted=True,
                reason="advised the city in 2024",
                decided_by="secretariat",
            ),
            Moved,
        )
        assert len(late.unassigned) == 1
        assert len(late.assigned) == 1
        recorded = [e for e in await w.events(Subject.CONFLICT_RECORDED) if e["source"] == "staff"]
        assert recorded[0]["submission_id"] == pinned_pair[1]
        report = await w.ask(
            ReviewCommand.CONFLICTS_CHECK,
            CheckConflicts(contest_id=seoul_contest.id, judge_id="j-de"),
            ConflictReport,
        )
        assert {c.source for c in report.conflicts} == {"staff"}


async def test_a_prospective_judge_is_checked_without_being_registered(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        candidate = profile("j-ke", "KE", "Kisumu")
        report = await w.ask(
            ReviewCommand.CONFLICTS_CHECK,
            CheckConflicts(contest_id=seoul_contest.id, prospective=candidate),
            ConflictReport,
        )
        assert not report.registered
        assert {c.submission_id for c in report.conflicts} == {"s-ke", "s-dup"}
        assert {c.reason for c in report.conflicts} == {"same country (KE)"}
        judges = await w.ask(
            ReviewCommand.JUDGES_LIST, ListJudges(contest_id=seoul_contest.id), JudgeList
        )
        assert "j-ke" not in {j.judge_id for j in judges.judges}


async def test_an_amendment_that_creates_a_conflict_moves_only_that_pair(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        before = {
            (e["judge_id"], e["submission_id"]) for e in await w.events(Subject.REVIEW_ASSIGNED)
        }
        judge = sorted(j for j, s in before if s == "s-br" and j != "j-fr")[0]
        country = {j: c for j, c, _, _ in JUDGES}[judge]
        [original] = [
            e for e in await w.events(Subject.SUBMISSION_RECEIVED) if e["submission_id"] == "s-br"
        ]
        # The applicant now applies on behalf of a partner city in the judge's country.
        amended = SubmissionAmended.model_validate(
            {
                k: v
                for k, v in original.items()
                if k not in ("event_id", "event_type", "occurred_at")
            }
            | {"version": 2, "country": country}
        )
        await publish_event(broker_of(w.app), amended)

        unassigned = await eventually(
            lambda: w.events(Subject.REVIEW_UNASSIGNED),
            until=bool,
            what="the conflicted pair moved",
        )
        assert [(e["judge_id"], e["submission_id"]) for e in unassigned] == [(judge, "s-br")]
        assert unassigned[0]["reason"] == "late conflict of interest"
        recorded = await w.events(Subject.CONFLICT_RECORDED)
        assert any(e["judge_id"] == judge and e["submission_id"] == "s-br" for e in recorded)
        assigned = await eventually(
            lambda: w.events(Subject.REVIEW_ASSIGNED),
            until=lambda found: len(found) > len(before),
            what="the replacement assigned",
        )
        after = {(e["judge_id"], e["submission_id"]) for e in assigned}
        assert len(after - before) == 1, "one replacement, every other pair stays"


async def test_a_submission_delivered_twice_is_screened_once(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        first = next(
            e for e in await w.events(Subject.SUBMISSION_RECEIVED) if e["submission_id"] == "s-ke"
        )
        js = w.nats.jetstream()
        # The same event again under another message id: only its event id can catch it.
        replay = SubmissionReceived.model_validate(first)
        await js.publish(
            replay.subject, replay.model_dump_json().encode(), headers={"Nats-Msg-Id": "replay"}
        )

        async def settled() -> bool:
            info = await js.consumer_info("PRIZE", "review-screen-received")
            return bool(info.num_pending == 0 and info.num_ack_pending == 0)

        await eventually(settled, what="the replay handled")
        screened = [
            e for e in await w.events(Subject.SUBMISSION_SCREENED) if e["submission_id"] == "s-ke"
        ]
        assert len(screened) == 1
