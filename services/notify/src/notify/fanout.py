"""Sending a fact's emails: every recipient is tried, then the worst outcome decides.

A temporary failure redelivers the event (recipients already served are skipped through the
ledger); a permanent one, announced by the postman, dead-letters it with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from notify.domain.mail import Outgoing
from notify.postman import Attempt, Postman
from notify.smtp import PermanentDeliveryError, TemporaryDeliveryError
from servicekit.delivery import PermanentError


async def deliver_all(postman: Postman, outgoing: Iterable[Outgoing], attempt: Attempt) -> None:
    """Raises TemporaryDeliveryError when any recipient may be tried again (the event comes
    back), else servicekit's PermanentError when any cannot be, naming each by its id."""
    temporary: list[str] = []
    permanent: list[str] = []
    for email in outgoing:
        try:
            await postman.deliver(email, attempt)
        except TemporaryDeliveryError as failure:
            temporary.append(f"{email.recipient.recipient_id}: {failure}")
        except PermanentDeliveryError as failure:
            permanent.append(f"{email.recipient.recipient_id}: {failure}")
    if temporary:
        raise TemporaryDeliveryError("; ".join(temporary))
    if permanent:
        raise PermanentError("; ".join(permanent))
