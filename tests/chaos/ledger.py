"""What the load accepted, as the checker will verify it: one entry per `201` (or PubAck)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StoredPart:
    object_key: str | None  # None when only the 201 answer is known (the event names the key)
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Accepted:
    submission_id: str
    recipient: str
    files: tuple[StoredPart, ...]


@dataclass
class Ledger:
    accepted: dict[str, Accepted] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # status (or error) -> count
    attempts: int = 0

    def accept(self, entry: Accepted) -> None:
        self.accepted[entry.submission_id] = entry

    def refuse(self, why: str) -> None:
        self.refused[why] = self.refused.get(why, 0) + 1
