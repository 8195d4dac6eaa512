"""Durable timers: jobs in KV, scanned on start and every few seconds by every replica.

A replica claims a due job with a revision-checked write (so replicas do not race) and
deletes it once fired; a claim left by a crashed replica lapses after the lease. The
ledger behind the postman keeps a job fired twice from emailing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from nats.js.errors import KeyWrongLastSequenceError, NoKeysError
from opentelemetry import trace

from contracts.envelope import utc_now
from notify.domain.redact import redact
from notify.domain.schedule import Job
from notify.jobs import JobRunner
from notify.settings import NotifySettings
from notify.store import NotifyStore
from servicekit.attribution import ids_in
from servicekit.delivery import PermanentError
from servicekit.links import linked_root_span

DeadLetter = Callable[[Job, str], Awaitable[None]]
logger = logging.getLogger("notify.scheduler")


class Scheduler:
    def __init__(
        self,
        settings: NotifySettings,
        store: NotifyStore,
        runner: JobRunner,
        dead_letter: DeadLetter,
        *,
        clock: Callable[[], datetime] = utc_now,
        tracer_provider: trace.TracerProvider | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.runner = runner
        self.dead_letter = dead_letter
        self.clock = clock
        self.tracer = trace.get_tracer("notify.scheduler", tracer_provider=tracer_provider)
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def start(self) -> None:
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="notify-scheduler")

    async def stop(self) -> None:
        """Let the scan in progress finish its email, then stop (cancel only as a last resort:
        a cancellation can be swallowed inside the NATS client, so it is not relied on)."""
        if self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(
                asyncio.shield(self._task), self.settings.graceful_timeout_seconds
            )
        except TimeoutError:
            self._task.cancel()
        self._task = None

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.scan()
            except Exception as error:  # the next scan tries again; a timer must not die
                logger.warning("schedule scan failed", extra={"error": type(error).__name__})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.settings.schedule_scan_seconds)

    async def scan(self) -> int:
        """Fire every due job once; how many were fired."""
        kv = self.store.jobs.kv
        try:
            keys = await kv.keys()
        except NoKeysError:
            return 0
        fired = 0
        for key in keys:
            found = await self.store.jobs.get(key)
            now = self.clock()
            if found is None or not found[0].is_due(now):
                continue
            job, revision = found
            lease = now + timedelta(seconds=self.settings.schedule_lease_seconds)
            claimed = job.model_copy(update={"claimed_until": lease})
            try:
                revision = await kv.update(key, claimed.model_dump_json().encode(), last=revision)
            except KeyWrongLastSequenceError:
                continue  # another replica has it
            fired += await self._fire(claimed, revision)
        return fired

    async def _fire(self, job: Job, revision: int) -> int:
        kv = self.store.jobs.kv
        final = job.failures + 1 >= self.settings.max_deliveries
        ids = ids_in(job.model_dump(include={"contest_id", "judge_id", "submission_id"}))
        try:
            # A trace of its own, linked to the one that planned it (the round's commit).
            with linked_root_span(self.tracer, f"notify {job.kind} email", job.cause, ids):
                await self.runner.fire(job, final=final)
        except PermanentError as error:
            await self.dead_letter(job, str(error))
        except Exception as error:
            reason = redact(f"{type(error).__name__}: {error}")
            if final:
                await self.dead_letter(job, f"gave up after {job.failures + 1} tries: {reason}")
            else:
                delay = min(
                    self.settings.backoff_initial_seconds * 2**job.failures,
                    self.settings.backoff_max_seconds,
                )
                retry = job.model_copy(
                    update={
                        "failures": job.failures + 1,
                        "claimed_until": self.clock() + timedelta(seconds=delay),
                    }
                )
                logger.warning(
                    "scheduled email deferred",
                    extra={"job": job.key, "kind": job.kind, "retry_in_s": delay, "error": reason},
                )
                with contextlib.suppress(KeyWrongLastSequenceError):
                    await kv.update(job.key, retry.model_dump_json().encode(), last=revision)
                return 0
        await kv.delete(job.key)
        return 1
