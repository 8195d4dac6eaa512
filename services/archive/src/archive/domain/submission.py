"""A submission's record folded from its events: a pure function of the *set* of events, so
redelivered or reordered events converge to the same document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from archive.domain.as_judged import as_judged
from archive.domain.concerns import in_order, submission_ids_of
from archive.domain.decisions import Decision, decisions_of, index_of
from contracts.envelope import Event
from contracts.events import (
    ContestConfigured,
    NotificationFailed,
    NotificationSent,
    ReviewAssigned,
    ReviewScored,
    ReviewUnassigned,
    ScreeningOverridden,
    SubmissionScreened,
    SubmissionVersion,
)

Document = dict[str, Any]


def fold_submission(
    contest_id: str, submission_id: str, events: Sequence[Event]
) -> tuple[Document, list[Document]]:
    """The submission document and its "as judged" snapshots, one per round and assignment."""
    ordered = in_order(events)
    versions = _versions(ordered)
    latest = versions[-1] if versions else {}
    screening = _screening(ordered)
    decisions = decisions_of(submission_id, ordered)
    assignments, scores = _assignments(ordered), _scores(ordered)
    document: Document = {
        "contest_id": contest_id,
        "submission_id": submission_id,
        "applicant_id": latest.get("applicant_id"),
        "applicant_type": latest.get("applicant_type"),
        "category": latest.get("category"),
        "title": latest.get("title"),
        "city": latest.get("city"),
        "country": latest.get("country"),
        "organisation": latest.get("organisation"),
        "peer_groups": _peer_groups(ordered, latest.get("country")),
        "latest_version": latest.get("version", 0),
        "status": _status(latest, screening, decisions),
        "screening": screening,
        "versions": versions,
        "assignments": assignments,
        "scores": scores,
        "decisions": decisions,
        "notifications": _notifications(ordered, latest.get("applicant_id")),
        "folded_events": len(ordered),
        "last_event_at": ordered[-1].occurred_at.isoformat() if ordered else None,
    }
    return document, as_judged(contest_id, submission_id, versions, assignments, scores)


def _versions(events: list[Event]) -> list[Document]:
    by_version: dict[int, Document] = {}
    for event in events:
        if isinstance(event, SubmissionVersion):
            by_version.setdefault(
                event.version,
                {
                    **event.model_dump(
                        mode="json",
                        include={"version", "applicant_id", "applicant_type", "category"}
                        | {"sectors", "title", "city", "country", "organisation", "files"}
                        | {"on_behalf_of_city", "manifest_key", "event_id"},
                    ),
                    "received_at": event.occurred_at.isoformat(),
                },
            )
    return [by_version[v] for v in sorted(by_version)]


def _screening(events: list[Event]) -> Document | None:
    screened = [e for e in events if isinstance(e, SubmissionScreened)]
    overrides = [e for e in events if isinstance(e, ScreeningOverridden)]
    if not screened and not overrides:
        return None
    base = max(screened, key=lambda e: (e.version, e.occurred_at, e.event_id), default=None)
    document: Document = {
        "outcome": base.outcome if base else None,
        "version": base.version if base else None,
        "reasons": list(base.reasons) if base else [],
        "override": None,
    }
    if overrides:
        last = overrides[-1]
        document["override"] = {"outcome": last.outcome, "reason": last.reason}
        document["override"]["decided_by"] = last.decided_by
        document["outcome"] = last.outcome
    return document


def _status(latest: Document, screening: Document | None, decisions: list[Document]) -> str:
    kinds = {decision["kind"] for decision in decisions}
    for kind, status in (("winner", "winner"), ("finalist", "finalist"), ("ranked", "ranked")):
        if kind in kinds:
            return status
    if screening and screening["outcome"]:
        current = screening["override"] or screening["version"] == latest.get("version")
        return str(screening["outcome"]) if current else "received"
    return "received" if latest else "unknown"


def _peer_groups(events: list[Event], country: str | None) -> list[str]:
    configured = [e for e in events if isinstance(e, ContestConfigured)]
    if not configured or not country:
        return []
    contest = configured[-1].contest
    return sorted(
        f"{grouping}:{group}"
        for grouping in contest.peer_groups
        if (group := contest.peer_group_of(grouping, country)) is not None
    )


def _assignments(events: list[Event]) -> list[Document]:
    found: dict[str, Document] = {}
    for event in events:
        if isinstance(event, ReviewAssigned):
            found[event.assignment_id] = {
                **event.model_dump(
                    mode="json",
                    include={"round", "assignment_id", "judge_id", "submission_version"}
                    | {"batch_id", "due_at"},
                ),
                "assigned_at": event.occurred_at.isoformat(),
                "unassigned": None,
            }
        elif isinstance(event, ReviewUnassigned) and event.assignment_id in found:
            found[event.assignment_id]["unassigned"] = event.reason
    return sorted(found.values(), key=lambda a: (a["round"], a["judge_id"], a["assignment_id"]))


def _scores(events: list[Event]) -> list[Document]:
    """The latest revision of each review; a replaced review's older revisions are history."""
    latest: dict[str, ReviewScored] = {}
    for event in events:
        if isinstance(event, ReviewScored):
            held = latest.get(event.assignment_id)
            if held is None or (event.revision, event.occurred_at) > (
                held.revision,
                held.occurred_at,
            ):
                latest[event.assignment_id] = event
    documents = [
        {
            **event.model_dump(
                mode="json",
                include={"round", "assignment_id", "judge_id", "submission_version"}
                | {"scores", "comment", "revision", "files_seen"},
            ),
            "scored_at": event.occurred_at.isoformat(),
        }
        for event in latest.values()
    ]
    return sorted(documents, key=lambda s: (s["round"], s["judge_id"], s["assignment_id"]))


def _notifications(events: list[Event], applicant_id: str | None) -> list[Document]:
    """Emails about this submission: those its own events caused, and from a contest-wide
    decision (results, finalists) only the one sent to its applicant."""
    shared = {e.event_id for e in events if _names_several(e)}
    return [
        {
            "event_type": event.event_type,
            "at": event.occurred_at.isoformat(),
            **event.model_dump(
                mode="json",
                include={"cause_event_id", "template", "recipient_id", "message_id"}
                | {"attempts", "reason"},
            ),
        }
        for event in events
        if isinstance(event, NotificationSent | NotificationFailed)
        and (event.cause_event_id not in shared or event.recipient_id == applicant_id)
    ]


def _names_several(event: Event) -> bool:
    # A decision's set is indexed once per event, not rebuilt per fold (see `decisions`).
    if isinstance(event, Decision):
        return len(index_of(event).named) > 1
    return len(submission_ids_of(event)) > 1
