"""Notify's KV buckets (`notify-*`), opened once the broker is connected."""

from __future__ import annotations

from faststream.nats import NatsBroker
from nats.js.kv import KeyValue

from contracts.subjects import kv_bucket
from notify.domain.ids import digest
from notify.domain.schedule import Job
from notify.records import AssignmentState, Delivery, JudgeBatch, JudgeContact, SubmissionContact
from servicekit.kv import DocumentBucket, open_bucket


class NotifyStore:
    def __init__(self, broker: NatsBroker, *, replicas: int) -> None:
        self._broker = broker
        self._replicas = replicas
        self._kv: dict[str, KeyValue] = {}

    async def open(self) -> None:
        for purpose in ("contacts", "deliveries", "schedule", "assignments"):
            bucket = kv_bucket("notify", purpose)
            self._kv[purpose] = await open_bucket(self._broker, bucket, replicas=self._replicas)

    def _bucket(self, purpose: str) -> KeyValue:
        if purpose not in self._kv:
            raise RuntimeError(f"bucket notify-{purpose} is not open yet")
        return self._kv[purpose]

    async def answers(self) -> bool:
        status = await self._bucket("deliveries").status()
        return status.bucket == kv_bucket("notify", "deliveries")

    @property
    def submissions(self) -> DocumentBucket[SubmissionContact]:
        return DocumentBucket(self._bucket("contacts"), SubmissionContact)

    @property
    def judges(self) -> DocumentBucket[JudgeContact]:
        return DocumentBucket(self._bucket("contacts"), JudgeContact)

    @property
    def ledger(self) -> DocumentBucket[Delivery]:
        return DocumentBucket(self._bucket("deliveries"), Delivery)

    @property
    def jobs(self) -> DocumentBucket[Job]:
        return DocumentBucket(self._bucket("schedule"), Job)

    @property
    def batches(self) -> DocumentBucket[JudgeBatch]:
        return DocumentBucket(self._bucket("assignments"), JudgeBatch)

    @property
    def assignments(self) -> DocumentBucket[AssignmentState]:
        return DocumentBucket(self._bucket("assignments"), AssignmentState)


def submission_key(submission_id: str) -> str:
    return f"submission.{digest(submission_id)}"


def judge_key(judge_id: str) -> str:
    return f"judge.{digest(judge_id)}"


def batch_key(batch_id: str, judge_id: str) -> str:
    return f"batch.{digest(batch_id, judge_id)}"


def assignment_key(assignment_id: str) -> str:
    return f"assignment.{digest(assignment_id)}"
