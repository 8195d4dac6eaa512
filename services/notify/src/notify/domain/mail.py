"""An email owed to a recipient, and its rendered parts (`wire` writes it as sent)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from contracts.envelope import Contact
from notify.domain.ids import delivery_key

LateContext = Callable[[], Awaitable[Mapping[str, Any]]]


@dataclass(frozen=True)
class Recipient:
    """`recipient_id` (applicant, judge or `staff`) is what events and logs name, never the
    address."""

    recipient_id: str
    name: str
    address: str = field(repr=False)
    language: str = "en"

    @classmethod
    def of(cls, recipient_id: str, contact: Contact) -> Recipient:
        """An applicant or judge, written to at their contact, in its language."""
        return cls(recipient_id, contact.name, str(contact.email), contact.language)


@dataclass(frozen=True)
class Outgoing:
    """One email owed to one recipient because of one cause (an event, or a batch)."""

    cause_event_id: str
    contest_id: str
    template: str
    recipient: Recipient
    context: Mapping[str, Any] = field(default_factory=dict, repr=False)
    topic: str = ""
    cause: str = ""
    late_context: LateContext | None = field(default=None, repr=False)
    """Fetched only when the email is really about to be sent (a login link, say)."""
    requested_by: str = ""
    """The staff member who asked for it (a reminder sent now), named in its event."""

    @property
    def key(self) -> str:
        cause = self.cause or self.cause_event_id
        return delivery_key(cause, self.recipient.recipient_id, self.topic)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
