"""Recording submission versions and screening them; the store side of `domain.screening`."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from contracts.contest import Contest
from contracts.events import (
    SubmissionReceived,
    SubmissionScreened,
    SubmissionVersion,
)
from review.context import Publish, derived_id
from review.domain.conflicts import Applicant
from review.domain.screening import (
    Screening,
    city_key,
    project_key,
    received_order,
    screen,
)
from review.records import SNAPSHOT_FIELDS, IndexEntry, SubmissionDoc
from review.store import ReviewStore
from servicekit.concurrently import each
from servicekit.locks import NamedLocks


def as_document(event: SubmissionVersion, current: SubmissionDoc | None) -> SubmissionDoc:
    """The event's version (every field a `VersionSnapshot` keeps) over what review knows."""
    return SubmissionDoc(
        **{name: getattr(event, name) for name in SNAPSHOT_FIELDS},
        contest_id=event.contest_id,
        submission_id=event.submission_id,
        received_at=current.received_at if current else event.occurred_at,
        applicant_id=event.applicant_id,
        contact_email=str(event.contact.email),
        endorsement_key=event.endorsement_key,
        override=current.override if current else None,
        override_reason=current.override_reason if current else "",
        ratings=current.ratings if current else {},
        earlier={**current.earlier, current.version: current.snapshot()} if current else {},
        superseded=current.superseded if current else (),
        handled=current.handled_plus(event.event_id) if current else (event.event_id,),
    )


def applicant_of(doc: SubmissionDoc) -> Applicant:
    return Applicant(
        submission_id=doc.submission_id,
        country=doc.country,
        city=doc.on_behalf_of_city or doc.city,
        organisation=doc.organisation,
        contact_email=doc.contact_email,
    )


async def record_version(store: ReviewStore, event: SubmissionVersion) -> tuple[SubmissionDoc, int]:
    """Keep the newest version; an older or repeated event changes nothing. Answers the
    version kept and its revision."""

    def newer(current: SubmissionDoc | None) -> SubmissionDoc | None:
        if current is not None and (
            current.has_handled(event.event_id) or current.version >= event.version
        ):
            return current
        return as_document(event, current)

    # A received version is a new submission but for a redelivery: written as one at once
    # (the write fails if the submission is there, and it is then read as usual).
    first = (None, 0) if isinstance(event, SubmissionReceived) else None
    kept, revision = await store.submissions.revise(
        newer, event.contest_id, event.submission_id, start=first
    )
    assert kept is not None
    return kept, revision


def index_keys(doc: SubmissionDoc) -> tuple[str, str]:
    """Where a submission is listed: under its city and under its project."""
    city = hashlib.sha256("|".join(city_key(doc)).encode()).hexdigest()[:24]
    project = hashlib.sha256(project_key(doc.title).encode()).hexdigest()[:24]
    return f"city-{city}", f"project-{project}"


async def list_in_index(store: ReviewStore, doc: SubmissionDoc) -> None:
    entry = IndexEntry(submission_id=doc.submission_id)
    await each(
        store.index.put(entry, doc.contest_id, name, doc.submission_id) for name in index_keys(doc)
    )


async def candidates(store: ReviewStore, doc: SubmissionDoc) -> list[SubmissionDoc]:
    """The submissions that may share a city or a project with `doc` (an index entry left
    by an older version is harmless: screening compares the current versions)."""
    listed = await each(store.index.keys_under(doc.contest_id, name) for name in index_keys(doc))
    found = {k.rpartition(".")[2] for keys in listed for k in keys} - {doc.submission_id}
    others = await each(store.submissions.get(doc.contest_id, sid) for sid in sorted(found))
    return [other for other in others if other is not None]


@dataclass(frozen=True)
class Screener:
    """What screening a version touches: it reads and writes the store, screens by the
    contest as it was read for this piece of work, publishes the outcome, and holds the
    version's city and project (`locks`) while it is compared with their others."""

    store: ReviewStore
    contest: Contest
    publish: Publish
    locks: NamedLocks

    async def screen(self, doc: SubmissionDoc) -> Screening:
        """Screen one version against its contest and the others; publish a new outcome."""
        result, _ = await self._holding(doc, None)
        return result

    async def screen_arrival(self, doc: SubmissionDoc, revision: int) -> Screening:
        """Screen a version that has just arrived, then the entries of its city or project
        that were received after it but screened before it came. Messages do not come in the
        order applications were received (an outbox held back by an outage, a redelivery,
        messages handled side by side), and the rules weigh an entry against those received
        before it, so such an entry's outcome may now be another. One not screened yet sees
        this one. `revision`: the one `doc` was kept at, where its outcome is written."""
        result, later = await self._holding(doc, revision)
        for other in later:
            current = await self.store.submissions.get(other.contest_id, other.submission_id)
            if current is not None and current.screening is not None:
                await self.screen(current)
        return result

    async def _holding(
        self, doc: SubmissionDoc, revision: int | None
    ) -> tuple[Screening, list[SubmissionDoc]]:
        async with self.locks.holding(f"{doc.contest_id}.{key}" for key in index_keys(doc)):
            return await _screen(self.store, self.contest, self.publish, doc, revision)


async def _screen(
    store: ReviewStore, contest: Contest, publish: Publish, doc: SubmissionDoc, revision: int | None
) -> tuple[Screening, list[SubmissionDoc]]:
    """The outcome, and the others received after `doc` (kept at `revision`, if known)."""
    await list_in_index(store, doc)
    others = await candidates(store, doc)
    result = screen(doc, contest, others)
    later = [o for o in others if received_order(o) > received_order(doc)]

    def with_outcome(current: SubmissionDoc | None) -> SubmissionDoc | None:
        if current is None or current.version != doc.version:
            return current  # a newer version arrived meanwhile; it is screened on its own
        return current.model_copy(update={"screening": result.outcome, "reasons": result.reasons})

    if (doc.screening, doc.reasons) == (result.outcome, result.reasons):
        return result, later
    # Derived from the version and the outcome: a redelivered version re-publishes the same id.
    await publish(
        SubmissionScreened(
            event_id=derived_id(
                doc.contest_id, doc.submission_id, doc.version, result.outcome, *result.reasons
            ),
            contest_id=doc.contest_id,
            submission_id=doc.submission_id,
            version=doc.version,
            outcome=result.outcome,
            reasons=result.reasons,
        )
    )
    # Kept only once published: a version whose outcome is kept has been announced.
    start = None if revision is None else (doc, revision)
    await store.submissions.revise(with_outcome, doc.contest_id, doc.submission_id, start=start)
    return result, later
