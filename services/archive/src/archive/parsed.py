"""Events parsed from their stored bodies, kept per process.

A fold reads every event of its submission back from the log and parses each one (pydantic,
with an email address checked), which cost more of the archive's CPU than the query that
brought them. Each parse is kept by event id with the body it came from, and used only for a
body equal to that one, so an event stored under an id with other content (it cannot be, but
nothing here relies on it) is parsed afresh, as is any body the archive has not seen lately.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from contracts.envelope import Event
from contracts.events import any_event_adapter

Body = dict[str, Any]
_KEPT = 4096  # a submission's next events arrive soon after its first; enough for a burst

_parsed: OrderedDict[str, tuple[Body, Event]] = OrderedDict()


def keep(body: Body, event: Event) -> None:
    """Keep `event` as the parse of `body` (its `model_dump(mode="json")`, as stored)."""
    _parsed[event.event_id] = (body, event)
    _parsed.move_to_end(event.event_id)
    if len(_parsed) > _KEPT:
        _parsed.popitem(last=False)


def event_of(body: Body) -> Event:
    """The event a stored body holds: its kept parse when that came from an equal body."""
    hit = _parsed.get(str(body.get("event_id")))
    if hit is not None and hit[0] == body:
        _parsed.move_to_end(hit[1].event_id)
        return hit[1]
    event: Event = any_event_adapter.validate_python(body)
    keep(body, event)
    return event


def forget() -> None:
    _parsed.clear()
