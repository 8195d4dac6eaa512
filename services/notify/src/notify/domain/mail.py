"""An email to send, and how it is put together: both parts, localised subject, stable id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from notify.domain.headers import OUTGOING, mailbox_value, subject_value
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

    @property
    def key(self) -> str:
        cause = self.cause or self.cause_event_id
        return delivery_key(cause, self.recipient.recipient_id, self.topic)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


TEMPLATE_HEADER = "X-Cityprize-Template"


def compose(
    rendered: Rendered,
    recipient: Recipient,
    *,
    sender: str,
    message_id: str,
    date: datetime,
    template: str = "",
) -> EmailMessage:
    """A multipart/alternative email, flattened with `headers.OUTGOING`.

    Subject, From and To are encoded here (`notify.domain.headers`), so that they parse back
    exactly; the subject's runs of whitespace (template line breaks) become one space.
    Raises UnbuildableEmailError when a header cannot be written (a control character, an
    address that needs SMTPUTF8): a permanent failure.
    """
    message = EmailMessage(policy=OUTGOING)
    sender_name, sender_address = parseaddr(sender)
    message.set_raw("From", mailbox_value(sender_name, sender_address))
    message.set_raw("To", mailbox_value(recipient.name, recipient.address))
    message.set_raw("Subject", subject_value(" ".join(rendered.subject.split())))
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(date)
    if template:
        # Lets a mailbox rule (or the demo's report) sort mail by kind without reading it.
        message[TEMPLATE_HEADER] = template
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    # After the parts: setting the content clears every Content-* header.
    message["Content-Language"] = recipient.language
    return message
