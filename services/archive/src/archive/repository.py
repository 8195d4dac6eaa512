"""The only module that knows the MongoDB driver (motor today; PyMongo's async client later)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient, AsyncIOMotorDatabase
from pymongo.errors import DuplicateKeyError

logger = logging.getLogger("archive.repository")


def connect(url: str | None) -> Any:
    """A client for `url`; without one, the in-process stand-in, said loudly."""
    if url:
        return AsyncIOMotorClient(url, tz_aware=True)
    from mongomock_motor import AsyncMongoMockClient

    logger.warning(
        "MONGODB_URL is not set: the archive is using an IN-PROCESS STAND-IN (mongomock-motor). "
        "Nothing survives a restart; set MONGODB_URL for a real MongoDB."
    )
    return AsyncMongoMockClient(tz_aware=True)


class EventLog:
    """Every domain event once, by `event_id`."""

    def __init__(self, database: AsyncIOMotorDatabase[Any]) -> None:
        self.database = database
        self.events = database["events"]

    async def declare_indexes(self) -> None:
        await self.events.create_index("event_id", unique=True)
        await self.events.create_index([("contest_id", 1), ("occurred_at", 1)])

    async def answers(self) -> bool:
        reply = await self.database.command("ping")
        return bool(reply.get("ok"))

    async def append(
        self,
        *,
        event_id: str,
        event_type: str,
        contest_id: str,
        occurred_at: datetime,
        subject: str,
        body: dict[str, Any],
    ) -> bool:
        """False when the event was already there: a redelivery changes nothing."""
        document = {
            "event_id": event_id,
            "event_type": event_type,
            "contest_id": contest_id,
            "occurred_at": occurred_at,
            "subject": subject,
            "body": body,
        }
        try:
            await self.events.insert_one(document)
        except DuplicateKeyError:
            return False
        return True

    async def count(self, **query: Any) -> int:
        return int(await self.events.count_documents(query))
