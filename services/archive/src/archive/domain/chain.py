"""The hash chain of a contest's event log: canonical JSON, record hashes, verification.

A record's `body_hash` is the SHA-256 of its event's canonical JSON (sorted keys, no
whitespace, UTF-8). Its `record_hash` binds that to its place: the contest, its position, its
stream sequence and the previous record's hash. Altering any stored event therefore breaks
the record itself, and rewriting its hashes too breaks the next record's link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def body_hash(body: dict[str, Any]) -> str:
    return sha256_hex(canonical_json(body))


def record_hash(
    *, contest_id: str, position: int, stream_seq: int, event_id: str, body_hash: str, prev: str
) -> str:
    return sha256_hex(
        canonical_json(
            {
                "contest_id": contest_id,
                "position": position,
                "stream_seq": stream_seq,
                "event_id": event_id,
                "body_hash": body_hash,
                "prev_hash": prev,
            }
        )
    )


def link(record: dict[str, Any], position: int, prev: str) -> dict[str, Any]:
    """The fields that seal `record` at `position` after the record hashed `prev`."""
    return {
        "position": position,
        "prev_hash": prev,
        "record_hash": record_hash(
            contest_id=record["contest_id"],
            position=position,
            stream_seq=record["stream_seq"],
            event_id=record["event_id"],
            body_hash=record["body_hash"],
            prev=prev,
        ),
    }


@dataclass(frozen=True)
class Mismatch:
    position: int
    event_id: str
    stream_seq: int
    reason: str


class ChainChecker:
    """Feed a contest's sealed records in position order; the first mismatch is kept."""

    def __init__(self) -> None:
        self.checked = 0
        self.expected_prev = GENESIS
        self.first_mismatch: Mismatch | None = None

    def feed(self, record: dict[str, Any]) -> Mismatch | None:
        if self.first_mismatch is not None:
            return self.first_mismatch
        self.checked += 1
        reason = self._fault(record)
        if reason:
            self.first_mismatch = Mismatch(
                position=int(record.get("position", 0)),
                event_id=str(record.get("event_id", "")),
                stream_seq=int(record.get("stream_seq", 0)),
                reason=reason,
            )
        else:
            self.expected_prev = record["record_hash"]
        return self.first_mismatch

    def _fault(self, record: dict[str, Any]) -> str:
        if record.get("position") != self.checked:
            return f"position {record.get('position')} where {self.checked} was expected"
        if body_hash(record["body"]) != record.get("body_hash"):
            return "the stored event does not match its own hash"
        if record.get("prev_hash") != self.expected_prev:
            return "the link to the previous record is broken"
        recomputed = link(record, self.checked, self.expected_prev)["record_hash"]
        if recomputed != record.get("record_hash"):
            return "the record hash does not match its contents"
        return ""
