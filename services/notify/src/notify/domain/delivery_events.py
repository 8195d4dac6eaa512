"""Each delivery's outcome is itself an event, with an id derived from the delivery."""

from __future__ import annotations

from contracts.envelope import Event
from contracts.events import NotificationFailed, NotificationSent
from notify.domain.ids import derived_event_id
from notify.domain.mail import Outgoing
from notify.records import Delivery


def delivery_event(outgoing: Outgoing, record: Delivery) -> Event:
    """`prize.notification.sent` or `.failed`; announcing it twice is deduplicated by id."""
    common = {
        "event_id": derived_event_id(outgoing.key, record.state),
        "contest_id": outgoing.contest_id,
        "cause_event_id": record.cause_event_id,
        "template": record.template,
        "recipient_id": record.recipient_id,
        "attempts": max(record.attempts, 1),
        "requested_by": outgoing.requested_by,
    }
    if record.state == "sent":
        return NotificationSent(message_id=record.message_id, **common)
    return NotificationFailed(reason=record.reason, **common)
