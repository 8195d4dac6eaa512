"""Keep the records current: every event refolds the records it concerns from the log.

A record is a pure function of the set of its events in the log, so the order and number of
deliveries cannot change it; a rebuild that replays the stream arrives at the same records.
"""

from __future__ import annotations

from archive.domain.results import latest_results, results_document
from archive.domain.submission import fold_submission
from archive.repository import WIDE, Archive
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
    bodies = await archive.bodies_for_fold(contest_id, submission_id)
    unseen = [str(b["event_id"]) for b in bodies if _is_wide(b) and b["event_id"] not in _wide]
    if unseen:  # once per process and contest-wide event: then it is kept whole here
        for body in await archive.bodies_by_id(unseen):
            _event(body)
    events = [_wide[b["event_id"]] if _is_wide(b) else _event(b) for b in bodies]
    document, snapshots = fold_submission(contest_id, submission_id, events)
    await archive.put_submission(document, snapshots)


async def refold_results(archive: Archive, contest_id: str, round_slug: str) -> None:
    bodies = await archive.bodies({"contest_id": contest_id, "event_type": "results.published"})
    published = [body for body in bodies if body.get("round") == round_slug]
    latest = latest_results([_event(body) for body in published], round_slug)
    if latest is not None:
        await archive.put_results(results_document(latest))


# A contest-wide event (its configuration, finalists, results) is in every fold of its
# contest and as large as the contest: parsed once and kept here by event id (the same id
# always carries the same event), and fetched whole only when not kept yet.
_wide: dict[object, Event] = {}


def _is_wide(body: dict[str, object]) -> bool:
    return body.get("event_type") in WIDE


def _event(body: dict[str, object]) -> Event:
    if _is_wide(body) and body["event_id"] in _wide:
        return _wide[body["event_id"]]
    event: Event = any_event_adapter.validate_python(body)
    if event.event_type in WIDE:
        if len(_wide) >= 256:
            del _wide[next(iter(_wide))]  # the oldest; a fold names far fewer than 256
        _wide[event.event_id] = event
    return event
