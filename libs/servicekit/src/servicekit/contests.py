"""Each service keeps its own copy of the contests it serves, from `prize.contest.configured`."""

from __future__ import annotations

from faststream.nats import NatsBroker, NatsRouter

from contracts.events import ContestConfigured
from contracts.subjects import Subject, kv_bucket
from servicekit.broker import consumer_router
from servicekit.kv import DocumentBucket, open_bucket
from servicekit.service import Service
from servicekit.settings import ServiceSettings


class ContestBucket:
    """The newest configuration of every contest; an older or repeated event changes nothing.

    The bucket is opened once the broker is connected (`open`), never at construction.
    """

    def __init__(self, broker: NatsBroker, bucket: str, *, replicas: int) -> None:
        self._broker = broker
        self._bucket = bucket
        self._replicas = replicas
        self._documents: DocumentBucket[ContestConfigured] | None = None

    async def open(self) -> None:
        kv = await open_bucket(self._broker, self._bucket, replicas=self._replicas)
        self._documents = DocumentBucket(kv, ContestConfigured, memo=True)

    @property
    def documents(self) -> DocumentBucket[ContestConfigured]:
        if self._documents is None:
            raise RuntimeError(f"bucket {self._bucket} is not open yet")
        return self._documents

    async def answers(self) -> bool:
        status = await self.documents.kv.status()
        return status.bucket == self._bucket

    async def record(self, event: ContestConfigured) -> bool:
        """True when the event is now the contest's current configuration."""

        def newer(current: ContestConfigured | None) -> ContestConfigured | None:
            if current is None or event.occurred_at > current.occurred_at:
                return event
            return current

        kept = await self.documents.update(event.contest_id, newer)
        return kept == event

    async def get(self, contest_id: str) -> ContestConfigured | None:
        found = await self.documents.get(contest_id)
        return found[0] if found else None


def contest_router(settings: ServiceSettings, contests: ContestBucket) -> NatsRouter:
    """The subscriber every contest-aware service runs: `<service>-record-contest`."""

    async def record_contest(event: ContestConfigured) -> None:
        await contests.record(event)

    return consumer_router(settings, "record-contest", Subject.CONTEST_CONFIGURED, record_contest)


def keep_contests(service: Service, owner: str) -> ContestBucket:
    """`owner`'s own copy of the contests, wired into `service`: KV bucket `<owner>-contests`
    opened once connected, its readiness check `contests`, and the `record-contest` consumer
    that keeps it current. Call it first, so the copy opens before the stores that read it."""
    settings = service.settings
    contests = ContestBucket(
        service.broker, kv_bucket(owner, "contests"), replicas=settings.stream_replicas
    )
    service.readiness["contests"] = contests.answers
    service.on_connected.append(contests.open)
    service.broker.include_router(contest_router(settings, contests))
    return contests
