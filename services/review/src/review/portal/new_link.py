""" "Email me a new link": from the page of a used or expired sign-in link, a judge asks for a
fresh one. Review publishes `prize.judge.link-requested` (judge only, never a token) and
notify emails a new link, asking review for it as for any judge email.

The page answers the same whatever the link was, so it tells a guesser nothing; unknown
links count as failed sign-ins. At most one request per judge and ten minutes becomes an
email: the event id is derived from the judge and the ten-minute slot.
"""

from __future__ import annotations

import secrets
import time

from fastapi import Request
from fastapi.responses import HTMLResponse

from contracts.events import JudgeLinkRequested
from review.context import Publish, derived_id
from review.domain.tokens import token_hash
from review.store import ReviewStore

FORM_COOKIE = "cityprize_form"
SLOT_SECONDS = 600


def form_token() -> str:
    return secrets.token_urlsafe(24)


def attach_form_cookie(response: HTMLResponse, token: str, secure: bool) -> None:
    """Double-submit: the form's token must equal this cookie's, which no other site can set."""
    response.set_cookie(
        FORM_COOKIE, token, path="/judge", httponly=True, samesite="strict", secure=secure
    )


def form_ok(request: Request, sent: str) -> bool:
    kept = request.cookies.get(FORM_COOKIE, "")
    return bool(kept) and secrets.compare_digest(kept, sent)


async def request_new_link(store: ReviewStore, publish: Publish, link_token: str) -> bool:
    """Publish the request for the judge of this (used or expired) link; False if unknown."""
    found = await store.tokens.get(token_hash(link_token)) if link_token else None
    if found is None:
        return False
    judge = await store.judges.get(found.contest_id, found.judge_id)
    if judge is None or judge.withdrawn:
        return False
    slot = int(time.time() // SLOT_SECONDS)
    await publish(
        JudgeLinkRequested(
            event_id=derived_id(found.contest_id, found.judge_id, "new-link", slot),
            contest_id=found.contest_id,
            judge_id=found.judge_id,
        )
    )
    return True
