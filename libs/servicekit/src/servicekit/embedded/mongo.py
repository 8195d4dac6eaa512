"""MongoDB for the archive: the real server when `MONGODB_URL` is set, else mongomock."""

from __future__ import annotations

import logging
import os
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient

logger = logging.getLogger(__name__)


def mongo_client(url: str | None = None) -> AsyncIOMotorClient[dict[str, Any]]:
    """A motor client for `url` (or `MONGODB_URL`); the in-process stand-in when neither is set.

    No MongoDB server installs from a package registry, so the stand-in keeps the embedded
    default runnable; it loses everything on exit and only approximates the query engine,
    hence the loud warning.
    """
    url = url or os.environ.get("MONGODB_URL") or None
    if url:
        return AsyncIOMotorClient(url, tz_aware=True)
    from mongomock_motor import AsyncMongoMockClient

    logger.warning(
        "MONGODB_URL is not set: using mongomock-motor, an IN-PROCESS STAND-IN for MongoDB. "
        "Data lives in memory and is lost on exit; set MONGODB_URL to use a real server."
    )
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncMongoMockClient(tz_aware=True)
    return client
