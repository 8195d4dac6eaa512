"""The judge portal link, asked of review at send time: a login link never travels in an event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from faststream.nats import NatsBroker

from contracts.queries import JUDGE_PORTAL_LINK, JudgePortalLink, JudgePortalLinkQuery, Refusal
from notify.domain.texts import when
from notify.smtp import PermanentDeliveryError, TemporaryDeliveryError


class PortalLinks:
    def __init__(self, broker: NatsBroker, *, timeout: float) -> None:
        self._broker = broker
        self._timeout = timeout

    async def link(self, contest_id: str, judge_id: str) -> Mapping[str, Any]:
        """`portal_url` and `portal_expires_at` for the templates; refusals are permanent."""
        query = JudgePortalLinkQuery(contest_id=contest_id, judge_id=judge_id)
        reply = await self._broker.request(query, JUDGE_PORTAL_LINK, timeout=self._timeout)
        body = await reply.decode()
        if isinstance(body, dict) and body.get("ok") is True:
            link = JudgePortalLink.model_validate(body)
            return {"portal_url": link.url, "portal_expires_at": when(link.expires_at)}
        refusal = Refusal.model_validate(body)
        reason = f"judge portal link refused: {refusal.kind}"
        if refusal.kind == "internal-error":
            raise TemporaryDeliveryError(reason)
        raise PermanentDeliveryError(reason)
