"""Each service keeps its own copy of the contests it serves, from `prize.contest.configured`."""

from __future__ import annotations

from faststream.nats import NatsBroker, NatsRouter

from contracts.events import ContestConfigured
from contracts.subjects import Subject, kv_bucket
from servicekit.broker import consumer_router
from servicekit.kv import DocumentBucket, open_bucket
from servicekit.kv_copy import WatchedCopy
from servicekit.service import Service
from servicekit.settings import ServiceSettings


class ContestBucket:
    """The newest configuration of every contest; an older or repeated event changes nothing.

    The bucket is opened once the broker is connected (`open`), never at construction.
    `kept_for` (seconds): read through a copy kept current by a watch of the bucket
    (`servicekit.kv_copy`), for a consumer that reads its contest on every message; None:
    every read goes to the bucket.
    """

    def __init__(
        self, broker: NatsBroker, bucket: str, *, replicas: int, kept_for: float | None = None
    ) -> None:
        self._broker = broker
        self._bucket = bucket
        self._replicas = replicas
        self._kept_for = kept_for
        self._documents: DocumentBucket[ContestConfigured] | None = None
        self._copy: WatchedCopy[ContestConfigured] | None = None

    async def open(self) -> None:
        await self.close()
        kv = await open_bucket(self._broker, self._bucket, replicas=self._replicas)
        self._documents = DocumentBucket(kv, ContestConfigured, memo=True)
        if self._kept_for is not None:
            copy = WatchedCopy(self._documents, kept_for=self._kept_for)
            await copy.start()
            self._copy = copy

    async def close(self) -> None:
        """Stop the copy's watch (at shutdown); reads go to the bucket until `open` again."""
        copy, self._copy = self._copy, None
        if copy is not None:
            await copy.stop()

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

        kept, revision = await self.documents.revise(event.contest_id, newer)
        if self._copy is not None:
            # This replica's next read sees it at once, without waiting for the watch.
            self._copy.offer(event.contest_id, kept, revision)
        return kept == event

    async def get(self, contest_id: str) -> ContestConfigured | None:
        source = self._copy or self.documents
        found = await source.get(contest_id)
        return found[0] if found else None


def contest_router(settings: ServiceSettings, contests: ContestBucket) -> NatsRouter:
    """The subscriber every contest-aware service runs: `<service>-record-contest`."""

    async def record_contest(event: ContestConfigured) -> None:
        await contests.record(event)

    return consumer_router(settings, "record-contest", Subject.CONTEST_CONFIGURED, record_contest)


def keep_contests(service: Service, owner: str, *, kept_for: float | None = None) -> ContestBucket:
    """`owner`'s own copy of the contests, wired into `service`: KV bucket `<owner>-contests`
    opened once connected, its readiness check `contests`, and the `record-contest` consumer
    that keeps it current. Call it first, so the copy opens before the stores that read it.
    `kept_for`: as `ContestBucket`'s (a watched copy in memory, stopped at shutdown)."""
    settings = service.settings
    contests = ContestBucket(
        service.broker,
        kv_bucket(owner, "contests"),
        replicas=settings.stream_replicas,
        kept_for=kept_for,
    )
    service.readiness["contests"] = contests.answers
    service.on_connected.append(contests.open)
    service.on_stopped.append(contests.close)
    service.broker.include_router(contest_router(settings, contests))
    return contests
