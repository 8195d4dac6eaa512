"""One settings base for every service: environment variables with sane local defaults.

Telemetry export is switched on by the standard `OTEL_EXPORTER_OTLP_ENDPOINT`, which the
OpenTelemetry SDK reads itself; nothing here duplicates it.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Shared knobs. Each service subclasses this and adds its own storage settings."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    service_name: str = Field(default="cityprize", description="Set by each service.")
    nats_url: str = Field(default="nats://127.0.0.1:4222", description="Comma-separated URLs.")
    nats_user: str | None = None
    nats_password: str | None = Field(default=None, repr=False)
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    log_json: bool = True

    stream_replicas: int = Field(default=1, ge=1, le=5, description="3 in production.")
    duplicate_window_seconds: float = Field(default=120.0, gt=0)

    max_deliveries: int = Field(default=5, ge=1, description="Then the message is dead-lettered.")
    backoff_initial_seconds: float = Field(default=1.0, gt=0)
    backoff_max_seconds: float = Field(default=60.0, gt=0)
    ack_wait_seconds: float = Field(default=30.0, gt=0)
    consumer_concurrency: int = Field(
        default=16,
        ge=1,
        le=256,
        description="Messages one replica fetches at once and handles side by side, per consumer.",
    )
    consumer_poll_seconds: float = Field(
        default=1.0, gt=0, description="How long one pull waits for a message to arrive."
    )
    graceful_timeout_seconds: float = Field(default=15.0, gt=0)
    readiness_timeout_seconds: float = Field(default=2.0, gt=0)

    def nats_servers(self) -> list[str]:
        return [url.strip() for url in self.nats_url.split(",") if url.strip()]


class ObjectStorageSettings(ServiceSettings):
    """For services that reach the S3 bucket where intake keeps the files (any S3 endpoint)."""

    s3_endpoint: str = "127.0.0.1:9000"
    s3_access_key: str = Field(default="cityprize", repr=False)
    s3_secret_key: str = Field(default="cityprize-secret", repr=False)
    s3_secure: bool = False
    s3_region: str = "us-east-1"
    s3_bucket: str = "cityprize-submissions"

    def s3_client_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `minio.Minio(...)`, the same in every service."""
        return {
            "endpoint": self.s3_endpoint,
            "access_key": self.s3_access_key,
            "secret_key": self.s3_secret_key,
            "secure": self.s3_secure,
            "region": self.s3_region,
        }
