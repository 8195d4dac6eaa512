"""Staff commands about judges and conflicts (`cityprize judges ...`, `cityprize conflicts ...`)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from contracts.envelope import Contact
from contracts.events import JudgeRegistered, JudgeWithdrawn
from contracts.queries import Refusal
from contracts.review_commands import (
    CheckConflicts,
    ConflictReport,
    ConflictView,
    ImportJudges,
    JudgeList,
    JudgeProfile,
    JudgesImported,
    JudgeSummary,
    ListJudges,
    Moved,
    PinConflict,
    WithdrawJudge,
)
from review.conflict_records import applicants, pin, register_judge
from review.context import (
    KnownContests,
    Publishing,
    Stored,
    contest_of,
    derived_id,
    shared_fields,
)
from review.domain.conflicts import reconcile_all
from review.judge_identities import refuse_one_person_twice
from review.moves import move_off
from review.records import Conflict, JudgeDoc
from review.store import ReviewStore
from servicekit.replies import RefusedError


def registered_event(
    contest_id: str, profile: JudgeProfile, requested_by: str = ""
) -> JudgeRegistered:
    fingerprint = hashlib.sha256(profile.model_dump_json().encode()).hexdigest()
    return JudgeRegistered(
        event_id=derived_id(contest_id, profile.judge_id, fingerprint),
        contest_id=contest_id,
        contact=Contact(name=profile.name, email=profile.email, language=profile.languages[0]),
        organisation_domains=profile.domains,
        requested_by=requested_by,
        **shared_fields(profile, JudgeRegistered),
    )


def views(judge_id: str, conflicts: dict[str, Conflict]) -> tuple[ConflictView, ...]:
    return tuple(
        ConflictView(judge_id=judge_id, submission_id=sid, **c.model_dump())
        for sid, c in sorted(conflicts.items())
    )


async def _judge(store: ReviewStore, contest_id: str, judge_id: str) -> JudgeDoc:
    found = await store.judges.get(contest_id, judge_id)
    if found is None:
        raise RefusedError("judge-not-found", judge_id)
    return found


async def import_judges(
    command: ImportJudges, store: Stored, contests: KnownContests, publish: Publishing
) -> JudgesImported | Refusal:
    contest = await contest_of(contests, command.contest_id)
    registered_judges = await store.judges.all_under(command.contest_id)
    refuse_one_person_twice(command.judges, registered_judges)
    everyone = await applicants(store, command.contest_id)
    registered, unchanged, conflicts, late = [], [], 0, []
    for profile in command.judges:
        existing = await store.judges.get(command.contest_id, profile.judge_id)
        if existing is not None and existing.profile == profile and not existing.withdrawn:
            unchanged.append(profile.judge_id)
            continue
        doc, newly = await register_judge(store, contest, publish, profile, everyone)
        await publish(registered_event(command.contest_id, profile, command.requested_by))
        registered.append(profile.judge_id)
        conflicts += sum(c.conflicted for c in doc.conflicts.values())
        late += newly
    await move_off(
        store, contests, publish, command.contest_id, late, reason="late conflict of interest"
    )
    return JudgesImported(
        registered=tuple(registered), unchanged=tuple(unchanged), conflicts=conflicts
    )


async def list_judges(command: ListJudges, store: Stored) -> JudgeList | Refusal:
    assignments = await store.assignments.all_under(command.contest_id)
    summaries = []
    for judge in await store.judges.all_under(command.contest_id):
        mine = [a for a in assignments if a.judge_id == judge.profile.judge_id and a.active]
        summaries.append(
            JudgeSummary(
                judge_id=judge.profile.judge_id,
                name=judge.profile.name,
                country=judge.profile.country,
                pool=judge.profile.pool,
                withdrawn=judge.withdrawn,
                min_load=judge.profile.min_load,
                max_load=judge.profile.max_load,
                conflicts=sum(c.conflicted for c in judge.conflicts.values()),
                assigned=len(mine),
                scored=sum(a.revision > 0 for a in mine),
            )
        )
    return JudgeList(judges=tuple(sorted(summaries, key=lambda s: s.judge_id)))


async def withdraw_judge(
    command: WithdrawJudge, store: Stored, contests: KnownContests, publish: Publishing
) -> Moved | Refusal:
    await _judge(store, command.contest_id, command.judge_id)
    # The move itself is the record: every pair leaves with `prize.review.unassigned`
    # naming the withdrawal and its reason.
    await store.judges.update(
        lambda j: j.model_copy(update={"withdrawn": True}) if j else None,
        command.contest_id,
        command.judge_id,
    )
    await publish(
        JudgeWithdrawn(
            event_id=derived_id(command.contest_id, command.judge_id, "withdrawn"),
            contest_id=command.contest_id,
            judge_id=command.judge_id,
            reason=command.reason,
            decided_by=command.decided_by,
        )
    )
    return await move_off(
        store,
        contests,
        publish,
        command.contest_id,
        [],
        reason=f"judge withdrew: {command.reason} (recorded by {command.decided_by})",
    )


async def check_conflicts(
    command: CheckConflicts, store: Stored, contests: KnownContests
) -> ConflictReport | Refusal:
    if command.prospective is not None:
        contest = await contest_of(contests, command.contest_id)
        everyone = await applicants(store, command.contest_id)
        found = reconcile_all(
            command.prospective, everyone, contest.conflict_rules, {}, datetime.now(UTC)
        )
        judge_id = command.prospective.judge_id
        return ConflictReport(judge_id=judge_id, registered=False, conflicts=views(judge_id, found))
    if command.judge_id is None:
        raise RefusedError("judge-missing", "name a registered judge or a prospective one")
    judge = await _judge(store, command.contest_id, command.judge_id)
    return ConflictReport(
        judge_id=command.judge_id,
        registered=True,
        conflicts=views(command.judge_id, judge.conflicts),
    )


async def pin_conflict(
    command: PinConflict, store: Stored, contests: KnownContests, publish: Publishing
) -> Moved | Refusal:
    await _judge(store, command.contest_id, command.judge_id)
    reason = f"{command.reason} (pinned by {command.decided_by})"
    try:
        _, late = await pin(
            store,
            publish,
            command.contest_id,
            command.judge_id,
            command.submission_id,
            command.conflicted,
            reason,
        )
    except LookupError:
        raise RefusedError("judge-not-found", command.judge_id) from None
    return await move_off(
        store,
        contests,
        publish,
        command.contest_id,
        late,
        reason="conflict of interest pinned by staff",
    )
