"""The invariant checker, run after every scenario, from the outside only.

For every accepted upload (a `201`, or a PubAck for a published event): one set of stored
objects whose size and SHA-256 match, one `prize.submission.received` event, one screening
by review, one receipt per recipient from notify (deduplicated by Message-ID), one archive
record; no event without its `201`, none pointing at a missing object. Redeliveries are
counted, never failed on."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from minio import Minio
from nats.js import JetStreamContext

from contracts.subjects import Stream, Subject
from review.domain.screening import SAME_PROJECT, project_key
from tests.chaos import observe
from tests.chaos.ledger import Ledger

CONSUMERS = ("review-screen-received", "notify-acknowledge-submission", "archive-archive-event")
CORRECTED = "screenings corrected (an application received earlier arrived later)"


@dataclass
class Verdict:
    lost: dict[str, int] = field(default_factory=dict)
    duplicated: dict[str, int] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)
    redeliveries: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def miss(self, check: str, ids: list[str]) -> None:
        self.lost[check] = len(ids)
        if ids:
            self.examples[f"lost {check}"] = sorted(ids)[:5]

    def double(self, check: str, ids: list[str]) -> None:
        self.duplicated[check] = len(ids)
        if ids:
            self.examples[f"duplicated {check}"] = sorted(ids)[:5]

    @property
    def total_lost(self) -> int:
        return sum(self.lost.values())

    @property
    def total_duplicated(self) -> int:
        return sum(self.duplicated.values())


def misjudged(received: list[dict[str, Any]], screened: list[dict[str, Any]]) -> list[str]:
    """Submissions whose last screening does not name exactly the applications of the same
    project received before them (the rule weighs an entry against those received earlier,
    whatever order they reached review in)."""
    final = {e["submission_id"]: set(e["reasons"]) for e in screened}  # stream order: last wins
    order = {
        e["submission_id"]: (datetime.fromisoformat(e["occurred_at"]), e["submission_id"])
        for e in received
    }
    project_of = {e["submission_id"]: project_key(e["title"]) for e in received}
    projects: dict[str, list[str]] = {}
    for sid, project in project_of.items():
        projects.setdefault(project, []).append(sid)
    wrong = []
    for sid, reasons in final.items():
        if sid not in order:
            continue
        earlier = {other for other in projects[project_of[sid]] if order[other] < order[sid]}
        named = {r.rpartition(" ")[2] for r in reasons if r.startswith(SAME_PROJECT)}
        if named != earlier:
            wrong.append(sid)
    return wrong


def _by(items: list[dict[str, Any]], key: str) -> Counter[str]:
    return Counter(str(item.get(key)) for item in items)


async def received_and_screened(
    js: JetStreamContext, contest_id: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    received = await observe.bodies(js, Stream.EVENTS, Subject.SUBMISSION_RECEIVED)
    screened = await observe.bodies(js, Stream.EVENTS, Subject.SUBMISSION_SCREENED)
    mine = [e for e in received if e.get("contest_id") == contest_id]
    return mine, [e for e in screened if e.get("contest_id") == contest_id]


async def check(
    ledger: Ledger,
    js: JetStreamContext,
    s3: Minio,
    mail: Path,
    archive_url: str | None,
    contest_id: str,
) -> Verdict:
    verdict = Verdict()
    wanted = ledger.accepted
    received, screened = await received_and_screened(js, contest_id)
    events = _by(received, "submission_id")
    verdict.counted["accepted (201 or PubAck)"] = len(wanted)
    verdict.counted["received events"] = len(received)
    verdict.miss("received event", [s for s in wanted if events[s] == 0])
    verdict.double("received event", [s for s in wanted if events[s] > 1])
    orphans = [s for s in events if s not in wanted]
    verdict.counted["events without a 201 (orphans)"] = len(orphans)
    verdict.double("event without a 201", orphans)

    listed = await asyncio.to_thread(observe.stored_objects, s3, f"contests/{contest_id}/")
    event_keys = {f["object_key"]: f for e in received for f in e["files"]}
    missing_objects = [k for k in event_keys if k not in listed]
    verdict.miss("object an event points at", missing_objects)
    digests = await observe.hashes(s3, [k for k in event_keys if k in listed])
    bad = []
    for event in received:
        entry = wanted.get(event["submission_id"])
        told = {(p.name, p.size, p.sha256) for p in entry.files} if entry else set()
        for f in event["files"]:
            key = f["object_key"]
            stored = (listed.get(key), digests.get(key))
            if key in listed and (
                stored != (f["size"], f["sha256"])
                or (entry and (f["name"], f["size"], f["sha256"]) not in told)
            ):
                bad.append(key)
    verdict.miss("object with matching size and SHA-256", bad)
    verdict.counted["objects checked (SHA-256)"] = len(digests)

    screenings = _by(screened, "submission_id")
    verdict.miss("screening by review", [s for s in wanted if screenings[s] == 0])
    decisions = Counter(
        (e["submission_id"], e["version"], e["outcome"], tuple(e["reasons"])) for e in screened
    )
    doubled = {sid for (sid, *_), n in decisions.items() if n > 1 and sid in wanted}
    verdict.double("screening by review", sorted(doubled))
    corrected = sorted(s for s in wanted if screenings[s] > 1 and s not in doubled)
    verdict.counted[CORRECTED] = len(corrected)
    if corrected:
        verdict.examples[CORRECTED] = corrected[:5]
    verdict.miss("final screening by received order", misjudged(received, screened))

    mails = observe.receipts(mail)
    expected = Counter(e.recipient.lower() for e in wanted.values())
    first_of = {e.recipient.lower(): s for s, e in reversed(list(wanted.items()))}
    short = [r for r, n in expected.items() for _ in range(n - len(set(mails.get(r, []))))]
    extra = [r for r, n in expected.items() for _ in range(len(set(mails.get(r, []))) - n)]
    verdict.miss("receipt email", [first_of[r] for r in short])
    verdict.double("receipt email (distinct Message-IDs)", [first_of[r] for r in extra])
    resent = sum(len(m) - len(set(m)) for r, m in mails.items() if r in expected)
    verdict.counted["receipt copies resent with the same Message-ID"] = resent

    if archive_url is not None:
        records = _by(await observe.archive_records(archive_url, contest_id), "submission_id")
        verdict.miss("archive record", [s for s in wanted if records[s] == 0])
        verdict.double("archive record", [s for s in wanted if records[s] > 1])

    # Deliveries beyond one per message: the consumer's delivery sequence counts every
    # delivery, redeliveries included (num_redelivered only counts those still unacked).
    everything = (await js.stream_info(Stream.EVENTS)).state.messages
    matching = {"archive-archive-event": everything}
    for durable in CONSUMERS:
        state = await observe.consumer_state(js, Stream.EVENTS, durable)
        verdict.redeliveries[durable] = state["delivered"] - matching.get(durable, len(received))
    dead = await observe.read_subject(js, Stream.DEAD_LETTER, "deadletter.>")
    verdict.counted["dead-lettered"] = len(dead)
    return verdict
