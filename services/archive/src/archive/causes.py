"""A notification belongs to the submissions its cause is about — and, when the cause is a
contest-wide decision (results, finalists: more than one submission), only to the submissions
of its recipient.

The narrowing keeps a contest's end linear: a results email is attributed to (and refolds)
its applicant's submission, not every ranked one; the folds keep exactly these emails
(`domain.submission._notifications`), so no record changes.

A notification's record carries those `submission_ids`, so one query finds a submission's
events with its notifications. The cause is normally archived first: it is earlier in the
stream. A notification that arrives before it (a redelivery, another replica) is noted as
awaiting that cause, with its recipient, and the cause's arrival hands it its submissions.
Each side writes before it reads (the notification its note, the cause its record), so when
two replicas take one each, at least one of them sees the other.
"""

from __future__ import annotations

from archive.domain.concerns import submission_ids_of
from archive.repository import Archive
from contracts.envelope import Event


def cause_of(event: Event) -> str | None:
    """The event a notification answers; None for every other event."""
    cause_id = getattr(event, "cause_event_id", None)
    return cause_id if isinstance(cause_id, str) else None


def recipient_of(event: Event) -> str:
    recipient = getattr(event, "recipient_id", "")
    return recipient if isinstance(recipient, str) else ""


async def narrowed(
    archive: Archive, contest_id: str, recipient_id: str, cause_ids: list[str]
) -> list[str]:
    """The cause's submissions a notification to `recipient_id` is about."""
    if len(cause_ids) <= 1:
        return cause_ids
    return await archive.submissions_of_applicant(contest_id, recipient_id, cause_ids)


async def submissions_of(archive: Archive, event: Event) -> list[str]:
    """What `event` is about: its own submissions, or for a notification its cause's (none
    while the cause is not archived)."""
    cause_id = cause_of(event)
    if cause_id is None:
        return submission_ids_of(event)
    cause_ids = await archive.submission_ids_of_record(cause_id) or []
    return await narrowed(archive, event.contest_id, recipient_of(event), cause_ids)


async def settle(
    archive: Archive, event: Event, submission_ids: list[str], *, new: bool
) -> list[str]:
    """Once `event` is stored (`new`: by this delivery): attribute what waited for it, or
    wait for its cause. Returns the submissions the event is about now."""
    cause_id = cause_of(event)
    if cause_id is None:
        for waiting_id, recipient_id in await archive.awaiting(event.event_id):
            about = await narrowed(archive, event.contest_id, recipient_id, submission_ids)
            await archive.attribute(waiting_id, about)
        return submission_ids
    if submission_ids:
        if not new:  # stored by an earlier delivery, maybe before its cause was there
            await archive.attribute(event.event_id, submission_ids)
        return submission_ids
    await archive.await_cause(event.event_id, cause_id, recipient_of(event))
    found = await archive.submission_ids_of_record(cause_id)
    if found is None:
        return []  # the cause attributes this notification when it arrives
    about = await narrowed(archive, event.contest_id, recipient_of(event), found)
    await archive.attribute(event.event_id, about)
    return about
