"""Notify's KV buckets (`notify-*`), opened once the broker is connected."""

from __future__ import annotations

from typing import Generic, TypeVar

from faststream.nats import NatsBroker
from nats.js.kv import KeyValue
from pydantic import BaseModel

from contracts.subjects import kv_bucket
from notify.domain.ids import digest
from notify.domain.schedule import Job
from notify.records import (
    AssignmentState,
    Delivery,
    JudgeBatch,
    JudgeContact,
    JudgeReviews,
    SubmissionContact,
)
from servicekit.kv import DocumentBucket, open_bucket

Doc = TypeVar("Doc", bound=BaseModel)


class _Documents(Generic[Doc]):
    """A store attribute that reads as the documents of one model in one bucket."""

    def __init__(self, purpose: str, model: type[Doc]) -> None:
        self.purpose = purpose
        self.model = model

    def __get__(self, store: NotifyStore, owner: type[NotifyStore]) -> DocumentBucket[Doc]:
        return DocumentBucket(store.bucket(self.purpose), self.model)


class NotifyStore:
    def __init__(self, broker: NatsBroker, *, replicas: int) -> None:
        self._broker = broker
        self._replicas = replicas
        self._kv: dict[str, KeyValue] = {}

    async def open(self) -> None:
        for purpose in ("contacts", "deliveries", "schedule", "assignments"):
            bucket = kv_bucket("notify", purpose)
            self._kv[purpose] = await open_bucket(self._broker, bucket, replicas=self._replicas)

    def bucket(self, purpose: str) -> KeyValue:
        if purpose not in self._kv:
            raise RuntimeError(f"bucket notify-{purpose} is not open yet")
        return self._kv[purpose]

    async def answers(self) -> bool:
        status = await self.bucket("deliveries").status()
        return status.bucket == kv_bucket("notify", "deliveries")

    submissions = _Documents("contacts", SubmissionContact)
    judges = _Documents("contacts", JudgeContact)
    ledger = _Documents("deliveries", Delivery)
    jobs = _Documents("schedule", Job)
    batches = _Documents("assignments", JudgeBatch)
    assignments = _Documents("assignments", AssignmentState)
    judge_reviews = _Documents("assignments", JudgeReviews)


def submission_key(submission_id: str) -> str:
    return f"submission.{digest(submission_id)}"


def judge_key(contest_id: str, judge_id: str) -> str:
    """A judge's contact in one contest: the same judge id in two contests (ids are chosen by
    each contest's staff) names two people, each with their own address."""
    return f"judge.{digest(contest_id, judge_id)}"


def batch_key(batch_id: str, judge_id: str) -> str:
    return f"batch.{digest(batch_id, judge_id)}"


def judge_reviews_key(contest_id: str, judge_id: str) -> str:
    return f"judge-reviews.{digest(contest_id, judge_id)}"


def assignment_key(assignment_id: str) -> str:
    return f"assignment.{digest(assignment_id)}"
