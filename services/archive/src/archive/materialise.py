"""Keep the records current: every event refolds the records it concerns from the log.

A record is a pure function of the set of its events in the log, so the order and number of
deliveries cannot change it; a rebuild that replays the stream arrives at the same records.
"""

from __future__ import annotations

import asyncio

from archive import parsed, wide
from archive.domain.results import latest_results, results_document
from archive.domain.submission import fold_submission
from contracts.envelope import Event
from contracts.events import ContestConfigured, ResultsPublished


async def materialise(view: wide.ContestWide, event: Event, submission_ids: list[str]) -> None:
    """Refold the records `event` concerns: its submissions (every one of the contest for a
    configuration), and a round's results for a results event."""
    wide.remember(event)
    targets = list(submission_ids)
    if isinstance(event, ContestConfigured):
        targets = await view.archive.submission_ids_in(event.contest_id)
    if isinstance(event, ResultsPublished):
        await refold_results(view, event.round)
    for submission_id in targets:
        await refold_submission(view, submission_id)


async def refold_submission(view: wide.ContestWide, submission_id: str) -> None:
    archive, contest_id = view.archive, view.contest_id
    own, wide_events = await asyncio.gather(
        archive.bodies_for_fold(contest_id, submission_id), view.about(submission_id)
    )
    events = [*map(parsed.event_of, own), *(w.event for w in wide_events)]
    document, snapshots = fold_submission(contest_id, submission_id, events)
    await archive.put_submission(document, snapshots, first=len(own) == 1)


async def refold_results(view: wide.ContestWide, round_slug: str) -> None:
    published = [
        w.event
        for w in await view.events()
        if isinstance(w.event, ResultsPublished) and w.event.round == round_slug
    ]
    latest = latest_results(published, round_slug)
    if latest is not None:
        await view.archive.put_results(results_document(latest))
