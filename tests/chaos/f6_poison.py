"""F6: a poison message — a handler that always fails (notify's receipt, with the mail server
unreachable): exactly MAX_DELIVERIES deliveries, then the dead-letter stream with the reason,
within seconds; nothing terminated silently, and the other consumers unaffected."""

from __future__ import annotations

import asyncio
import json
import time

from cityprize.platform import External
from contracts.subjects import Header, Stream, Subject
from servicekit.embedded import LOOPBACK, free_port
from tests.chaos import events, observe
from tests.chaos.common import MONGODB_URL, running, settle, verify
from tests.chaos.report import Result

POISON = 50
MAX_DELIVERIES = 4
CONSUMER = "notify-acknowledge-submission"


async def scenario() -> Result:
    result = Result("F6", "a poison message: max deliveries, then the dead-letter stream")
    env = {
        "MAX_DELIVERIES": str(MAX_DELIVERIES),
        "BACKOFF_INITIAL_SECONDS": "0.2",
        "BACKOFF_MAX_SECONDS": "1",
        "SMTP_ATTEMPTS": "1",
        "SMTP_TIMEOUT_SECONDS": "2",
    }
    # Nothing listens on this port: every receipt fails, on every delivery.
    dead_smtp = External(smtp_host=LOOPBACK, smtp_port=free_port(), mongodb_url=MONGODB_URL)
    async with running(result, env, dead_smtp) as run:
        prepared = await asyncio.to_thread(
            events.prepare, run.rig.minio(), run.rig.contest_id, "f6", POISON
        )
        published_at = {e.event_id: time.time() for e in prepared}
        result.faults.append(f"mail server unreachable: {POISON} receipts that always fail")
        started = time.monotonic()
        await events.publish_all(run.js, prepared, run.ledger, per_second=50)
        await settle(run.js, result=result, since=started, timeout=600)
        result.recovery_seconds = time.monotonic() - started
        result.duration_seconds = result.recovery_seconds
        await verify(run)
        dead = [
            m
            for m in await observe.read_subject(
                run.js, Stream.DEAD_LETTER, f"deadletter.{Subject.SUBMISSION_RECEIVED}"
            )
            # servicekit writes the service's name here, not the durable's (see docs/chaos.md)
            if (m.headers or {}).get(Header.CONSUMER) in (CONSUMER, "notify")
        ]
        sample = await observe.read_subject(run.js, Stream.DEAD_LETTER, "deadletter.>")
        result.details["a dead letter's headers"] = dict(sample[0].headers or {}) if sample else {}
        parked = {json.loads(m.data)["event_id"]: m for m in dead}
        deliveries = sorted({int((m.headers or {}).get(Header.DELIVERIES, 0)) for m in dead})
        reasons = {(m.headers or {}).get(Header.DEAD_LETTER_REASON, "") for m in dead}
        latency = [m.metadata.timestamp.timestamp() - published_at[e] for e, m in parked.items()]
        not_parked = [e for e in published_at if e not in parked]
        doubled = len(dead) - len(parked)
        # The receipt cannot be sent by design here: dead-lettering replaces it as the effect.
        result.details["lost"].pop("receipt email", None)
        result.details["lost"]["dead-lettered receipt"] = len(not_parked)
        result.details["duplicated"]["dead-letter copies"] = doubled
        result.lost = sum(result.details["lost"].values())
        result.duplicated = sum(result.details["duplicated"].values())
        wrong = [d for d in deliveries if d != MAX_DELIVERIES]
        result.details["counted"].update(
            {
                "deliveries per dead letter": deliveries,
                "dead letters without a reason": sum(1 for r in reasons if not r),
                "seconds publish -> dead letter (max)": round(max(latency, default=0), 1),
                "a reason": sorted(reasons)[0][:90] if reasons else "",
            }
        )
        if wrong:
            result.lost += len(wrong)
            result.notes.append(f"deliveries {deliveries} != MAX_DELIVERIES {MAX_DELIVERIES}")
    return result
