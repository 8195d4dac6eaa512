"""A scheduled email given up on is parked beside the dead-lettered events, with the reason."""

from __future__ import annotations

from faststream.nats import NatsBroker

from contracts.subjects import Header, Stream, Subject, dead_letter_subject
from notify.domain.schedule import Job
from notify.scheduler import DeadLetter

CONSUMER = "notify-schedule"


def job_parker(broker: NatsBroker) -> DeadLetter:
    async def park(job: Job, reason: str) -> None:
        await broker.publish(
            job.model_dump_json().encode(),
            subject=dead_letter_subject(Subject.REVIEW_ASSIGNED),
            headers={
                Header.DEAD_LETTER_REASON: reason[:1000],
                Header.ORIGINAL_SUBJECT: Subject.REVIEW_ASSIGNED,
                Header.DELIVERIES: str(job.failures + 1),
                Header.CONSUMER: CONSUMER,
                # Parking twice (a crash before the job is deleted) keeps one copy.
                Header.MSG_ID: f"{CONSUMER}:{job.key}",
            },
            stream=Stream.DEAD_LETTER,
            timeout=5.0,
        )

    return park
