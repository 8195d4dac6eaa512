from __future__ import annotations

from pydantic import Field

from servicekit.settings import ServiceSettings


class ArchiveSettings(ServiceSettings):
    service_name: str = "archive"
    http_port: int = 8004
    mongodb_url: str | None = Field(
        default=None, repr=False, description="Unset: an in-process stand-in (mongomock-motor)."
    )
    mongodb_database: str = "cityprize"
