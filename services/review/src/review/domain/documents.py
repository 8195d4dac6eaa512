"""What every document review keeps has in common, and how a broken rule is said.

Each document remembers the event ids it has applied (`handled`), so a redelivered event
changes nothing: every consumer is idempotent by event id.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

HANDLED_KEPT = 500


class RuleBrokenError(Exception):
    """A decision the domain refuses, with a stable `kind` (`round-closed`, ...) that the
    handler answers with: a refusal to staff, a problem to a judge. Never retried."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class Value(BaseModel):
    """A part of a document, or a small record of its own: frozen, compared by value."""

    model_config = ConfigDict(frozen=True)


class Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    handled: tuple[str, ...] = ()

    def has_handled(self, event_id: str) -> bool:
        return event_id in self.handled

    def handled_plus(self, event_id: str) -> tuple[str, ...]:
        return (*self.handled, event_id)[-HANDLED_KEPT:]
