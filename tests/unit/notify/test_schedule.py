"""Reminders are planned from the contest's policy and the review's due date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contracts.events import ReviewAssigned
from notify.domain.schedule import batch_job, review_jobs

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def assigned(due_in: timedelta | None) -> ReviewAssigned:
    return ReviewAssigned(
        contest_id="prize",
        occurred_at=NOW,
        round="panel",
        assignment_id="a-1",
        judge_id="j-1",
        submission_id="s-1",
        submission_version=1,
        batch_id="b-1",
        due_at=NOW + due_in if due_in is not None else None,
    )


def test_a_review_due_in_ten_days_gets_the_7_and_3_day_reminders_then_the_overdue_notice():
    event = assigned(timedelta(days=10))
    jobs = review_jobs(event, (7, 3))

    assert [(j.kind, j.days) for j in jobs] == [("reminder", 7), ("reminder", 3), ("overdue", 0)]
    due = NOW + timedelta(days=10)
    assert [j.fire_at for j in jobs] == [due - timedelta(days=7), due - timedelta(days=3), due]
    assert jobs[0].stale_at == jobs[1].fire_at, "the 7-day reminder gives way to the 3-day one"
    assert jobs[1].stale_at == due


def test_a_reminder_already_past_when_the_review_is_assigned_is_not_planned():
    jobs = review_jobs(assigned(timedelta(days=5)), (7, 3))
    assert [(j.kind, j.days) for j in jobs] == [("reminder", 3), ("overdue", 0)]


def test_a_review_without_a_due_date_has_no_reminders():
    assert review_jobs(assigned(None), (7, 3)) == []


def test_the_same_assignment_always_plans_the_same_jobs():
    event = assigned(timedelta(days=10))
    assert [j.key for j in review_jobs(event, (3, 7))] == [
        j.key for j in review_jobs(event, (7, 3))
    ]


def test_a_late_reminder_is_still_sent_until_the_next_one_is_due():
    [seven, three, _] = review_jobs(assigned(timedelta(days=10)), (7, 3))
    assert seven.is_due(seven.fire_at + timedelta(hours=5))
    assert not seven.is_stale(three.fire_at - timedelta(seconds=1))
    assert seven.is_stale(three.fire_at)


def test_the_batch_email_waits_for_the_rest_of_the_batch_and_is_one_per_judge():
    event = assigned(timedelta(days=10))
    job = batch_job(event, settle=timedelta(seconds=30))
    other = batch_job(event.model_copy(update={"assignment_id": "a-2"}), settle=timedelta(0))
    assert job.fire_at == NOW + timedelta(seconds=30)
    assert job.key == other.key
