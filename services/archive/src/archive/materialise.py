"""Keep the records current: every event refolds the records it concerns from the log.

A record is a pure function of the set of its events in the log, so the order and number of
deliveries cannot change it; a rebuild that replays the stream arrives at the same records.
"""

from __future__ import annotations

from archive.domain.results import latest_results, results_document
from archive.domain.submission import fold_submission
from archive.repository import Archive
from contracts.envelope import Event
from contracts.events import ContestConfigured, ResultsPublished, any_event_adapter


async def materialise(archive: Archive, event: Event, submission_ids: list[str]) -> None:
    targets = list(submission_ids)
    if isinstance(event, ContestConfigured):
        targets = await archive.submission_ids_in(event.contest_id)
    if isinstance(event, ResultsPublished):
        await refold_results(archive, event.contest_id, event.round)
    for submission_id in targets:
        await refold_submission(archive, event.contest_id, submission_id)


async def refold_submission(archive: Archive, contest_id: str, submission_id: str) -> None:
    bodies = await archive.bodies_for_submission(contest_id, submission_id)
    events = [_event(body) for body in bodies]
    document, snapshots = fold_submission(contest_id, submission_id, events)
    await archive.put_submission(document, snapshots)


async def refold_results(archive: Archive, contest_id: str, round_slug: str) -> None:
    bodies = await archive.bodies({"contest_id": contest_id, "event_type": "results.published"})
    published = [body for body in bodies if body.get("round") == round_slug]
    latest = latest_results([_event(body) for body in published], round_slug)
    if latest is not None:
        await archive.put_results(results_document(latest))


# A contest's configuration is in every one of its submissions' folds and is by far the
# largest event to validate; the same event id always carries the same contest.
_configured: dict[object, Event] = {}


def _event(body: dict[str, object]) -> Event:
    if body.get("event_type") == "contest.configured" and body["event_id"] in _configured:
        return _configured[body["event_id"]]
    event: Event = any_event_adapter.validate_python(body)
    if isinstance(event, ContestConfigured):
        if len(_configured) >= 64:
            _configured.clear()
        _configured[event.event_id] = event
    return event
