from __future__ import annotations

from pydantic import Field, SecretStr

from servicekit.settings import ServiceSettings


class ArchiveSettings(ServiceSettings):
    service_name: str = "archive"
    http_port: int = 8004
    mongodb_url: str = Field(
        default="mongodb://127.0.0.1:27017/?directConnection=true",
        repr=False,
        description="The MongoDB server (a replica set in production; SecantusDB locally).",
    )
    mongodb_database: str = "cityprize"
    rebuild_database: str = Field(
        default="cityprize_rebuild", description="Where `archive rebuild` replays the stream."
    )
    staff_token: SecretStr | None = Field(
        default=None, description="Bearer token of the staff API; unset, the staff API is shut."
    )
    seal_interval_seconds: float = Field(
        default=5.0, gt=0, description="How often a background pass seals what deliveries left."
    )
