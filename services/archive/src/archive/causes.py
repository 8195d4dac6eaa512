"""A notification belongs to the submissions its cause is about — and, when the cause is a
contest-wide decision (results, finalists: more than one submission), only to the submissions
of its recipient.

The narrowing keeps a contest's end linear: a results email is attributed to (and refolds)
its applicant's submission, not every ranked one; the folds keep exactly these emails
(`domain.submission._notifications`), so no record changes.

Delivery is at least once and in any order, so the three events involved — the
notification, its cause and the recipient's application — may be archived in any order,
by different replicas. Each pair meets by "write, then read":
- notification and cause: a notification archived first is noted in `awaiting_cause`; the
  cause, once stored, reads those notes and attributes them;
- notification and application: every notification first writes a note naming its
  recipient (`applicant_notes`), then reads the applications; an application, once stored,
  reads the notes of its applicant and adds itself to those whose cause concerns it.
"""

from __future__ import annotations

from collections.abc import Collection

from archive import wide
from archive.domain.concerns import submission_ids_of
from archive.repository import Archive
from contracts.envelope import Event

APPLICATIONS = frozenset({"submission.received", "submission.amended"})


def cause_of(event: Event) -> str | None:
    """The event a notification answers; None for every other event."""
    cause_id = getattr(event, "cause_event_id", None)
    return cause_id if isinstance(cause_id, str) else None


def applicant_of(event: Event) -> str | None:
    """The applicant an application (received or amended) is by: notifications to it are
    attributed through this (`causes.narrowed`)."""
    if event.event_type not in APPLICATIONS:
        return None
    applicant = getattr(event, "applicant_id", None)
    return applicant if isinstance(applicant, str) else None


def recipient_of(event: Event) -> str:
    recipient = getattr(event, "recipient_id", "")
    return recipient if isinstance(recipient, str) else ""


async def narrowed(
    archive: Archive, contest_id: str, recipient_id: str, cause_ids: Collection[str]
) -> list[str]:
    """The cause's submissions a notification to `recipient_id` is about."""
    if len(cause_ids) <= 1:
        return sorted(cause_ids)
    return await archive.submissions_of_applicant(contest_id, recipient_id, cause_ids)


async def submissions_of(archive: Archive, event: Event) -> list[str]:
    """What `event` is about: its own submissions, or for a notification its cause's (none
    while the cause is not archived). A notification's recipient note is written first."""
    cause_id = cause_of(event)
    if cause_id is None:
        return submission_ids_of(event)
    await archive.note_recipient(event.event_id, event.contest_id, recipient_of(event), cause_id)
    cause_ids = await wide.cause_submissions(archive, cause_id) or []
    return await narrowed(archive, event.contest_id, recipient_of(event), cause_ids)


async def attribute_to_application(
    view: wide.ContestWide, applicant_id: str, submission_id: str
) -> None:
    """Add `submission_id` to the notifications to its applicant whose cause concerns it
    (those archived before the application): one round trip when there are none, four at most."""
    by_cause = await view.archive.notes_to(view.contest_id, applicant_id)
    if not by_cause:
        return
    causes = await view.concerning(submission_id, list(by_cause))
    notified = [n for cause in sorted(causes) for n in by_cause[cause]]
    if notified:
        await view.archive.add_submission(notified, submission_id)


async def settle(
    view: wide.ContestWide, event: Event, submission_ids: list[str], *, new: bool
) -> list[str]:
    """Once `event` is stored (`new`: by this delivery): attribute what waited for it, or
    wait for its cause. Returns the submissions the event is about now."""
    archive = view.archive
    cause_id = cause_of(event)
    if cause_id is None:
        for waiting_id, recipient_id in await archive.awaiting(event.event_id):
            about = await narrowed(archive, event.contest_id, recipient_id, submission_ids)
            await archive.attribute(waiting_id, about)
        applicant = applicant_of(event)
        if applicant is not None and submission_ids:
            await attribute_to_application(view, applicant, submission_ids[0])
        return submission_ids
    if submission_ids:
        if not new:  # stored by an earlier delivery, maybe before its cause was there
            await archive.attribute(event.event_id, submission_ids)
        return submission_ids
    await archive.await_cause(event.event_id, cause_id, recipient_of(event))
    found = await wide.cause_submissions(archive, cause_id)
    if found is None:
        return []  # the cause attributes this notification when it arrives
    about = await narrowed(archive, event.contest_id, recipient_of(event), found)
    await archive.attribute(event.event_id, about)
    return about
