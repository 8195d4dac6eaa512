"""Every name on the wire, defined once: subjects, streams, durable consumers, buckets, queries.

Domain events are `prize.<entity>.<fact>` (past tense) in the `PRIZE` stream. A message a
consumer gives up on goes to `deadletter.<original subject>` in the `PRIZE_DEADLETTER`
stream. Request-reply queries live under `cityprize.query.` so that no stream captures them
(a stream bound to a request subject would answer the request with its own PubAck).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

EVENT_PREFIX: Final = "prize"
ALL_EVENTS: Final = f"{EVENT_PREFIX}.>"
DEAD_LETTER_PREFIX: Final = "deadletter"
QUERY_PREFIX: Final = "cityprize.query"
COMMAND_PREFIX: Final = "cityprize.command"


class Subject(StrEnum):
    """Subjects of the domain events, one per event type."""

    CONTEST_CONFIGURED = "prize.contest.configured"
    APPLICANT_REGISTERED = "prize.applicant.registered"
    SUBMISSION_RECEIVED = "prize.submission.received"
    SUBMISSION_AMENDED = "prize.submission.amended"
    SUBMISSION_SCREENED = "prize.submission.screened"
    SCREENING_OVERRIDDEN = "prize.screening.overridden"
    JUDGE_REGISTERED = "prize.judge.registered"
    JUDGE_WITHDRAWN = "prize.judge.withdrawn"
    JUDGE_LINK_REQUESTED = "prize.judge.link-requested"
    CONFLICT_RECORDED = "prize.conflict.recorded"
    ROUND_STARTED = "prize.round.started"
    ROUND_CLOSED = "prize.round.closed"
    ASSIGNMENT_COMMITTED = "prize.assignment.committed"
    REVIEW_ASSIGNED = "prize.review.assigned"
    REVIEW_UNASSIGNED = "prize.review.unassigned"
    REVIEW_SCORED = "prize.review.scored"
    FINALISTS_SELECTED = "prize.finalists.selected"
    RESULTS_PUBLISHED = "prize.results.published"
    NOTIFICATION_SENT = "prize.notification.sent"
    NOTIFICATION_FAILED = "prize.notification.failed"


class Header:
    """NATS header names the platform sets or reads."""

    MSG_ID: Final = "Nats-Msg-Id"
    EVENT_TYPE: Final = "Cityprize-Event-Type"
    DEAD_LETTER_REASON: Final = "Cityprize-Dead-Letter-Reason"
    ORIGINAL_SUBJECT: Final = "Cityprize-Original-Subject"
    ORIGINAL_SEQUENCE: Final = "Cityprize-Original-Sequence"
    DELIVERIES: Final = "Cityprize-Deliveries"
    CONSUMER: Final = "Cityprize-Consumer"


class Stream:
    """The two JetStream streams: domain events and the dead letters beside them."""

    EVENTS: Final = "PRIZE"
    EVENTS_SUBJECTS: Final = (ALL_EVENTS,)
    DEAD_LETTER: Final = "PRIZE_DEADLETTER"
    DEAD_LETTER_SUBJECTS: Final = (f"{DEAD_LETTER_PREFIX}.>",)


def dead_letter_subject(original: str) -> str:
    """Where a message that was given up on is parked, keeping its original subject visible."""
    return f"{DEAD_LETTER_PREFIX}.{original}"


def durable_name(service: str, purpose: str) -> str:
    """One durable consumer per service and purpose: `review-screen-submission`."""
    return f"{service}-{purpose}"


def kv_bucket(service: str, purpose: str) -> str:
    """JetStream KV buckets are owned by one service: `intake-applicants`."""
    return f"{service}-{purpose}"


def query_subject(service: str, name: str) -> str:
    """Request-reply subject answered by `service`: `cityprize.query.archive.submission-status`."""
    return f"{QUERY_PREFIX}.{service}.{name}"


def command_subject(service: str, name: str) -> str:
    """A staff command answered by `service`: `cityprize.command.intake.applicant-add`."""
    return f"{COMMAND_PREFIX}.{service}.{name}"


def k8s_labels(service: str) -> dict[str, str]:
    """The labels every Kubernetes object of a service carries."""
    return {
        "app.kubernetes.io/name": f"cityprize-{service}",
        "app.kubernetes.io/part-of": "cityprize",
        "app.kubernetes.io/component": service,
    }


SERVICES: Final = ("intake", "review", "notify", "archive")
