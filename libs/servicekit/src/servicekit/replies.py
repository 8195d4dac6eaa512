"""Request-reply responders (queries and staff commands) over core NATS.

Replicas share a queue group, so each request is answered once. A handler refuses on
purpose by raising `RefusedError` (`servicekit.failures`); anything unexpected is answered
as `internal-error` (and logged) rather than leaving the requester to time out.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec

from faststream.nats import NatsBroker, NatsRouter
from pydantic import BaseModel

from contracts.queries import Refusal
from servicekit.failures import RefusedError
from servicekit.settings import ServiceSettings

P = ParamSpec("P")
logger = logging.getLogger("servicekit.replies")


__all__ = ["RefusedError", "responder"]  # RefusedError: where callers first found it


def responder(
    registrar: NatsBroker | NatsRouter, settings: ServiceSettings, subject: str
) -> Callable[[Callable[P, Awaitable[BaseModel]]], Callable[P, Awaitable[BaseModel]]]:
    def register(
        handler: Callable[P, Awaitable[BaseModel]],
    ) -> Callable[P, Awaitable[BaseModel]]:
        @functools.wraps(handler)
        async def answer(*args: P.args, **kwargs: P.kwargs) -> BaseModel:
            try:
                return await handler(*args, **kwargs)
            except RefusedError as refused:
                return Refusal(kind=refused.kind, detail=refused.detail)
            except Exception as error:
                logger.exception("request failed", extra={"subject": subject})
                return Refusal(kind="internal-error", detail=type(error).__name__)

        wrapped: Any = answer
        registrar.subscriber(subject, queue=settings.service_name)(wrapped)
        return answer

    return register
