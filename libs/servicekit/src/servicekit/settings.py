"""One settings base for every service: environment variables with sane local defaults.

Telemetry export is switched on by the standard `OTEL_EXPORTER_OTLP_ENDPOINT`, which the
OpenTelemetry SDK reads itself; nothing here duplicates it.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def seconds(default: float, description: str = "") -> Any:
    """A duration setting in seconds, refused unless > 0 (a zero wait is never meant)."""
    return Field(default=default, gt=0, description=description or None)


def count(default: int, description: str = "") -> Any:
    """A count setting (tries, connections, requests), refused unless >= 1."""
    return Field(default=default, ge=1, description=description or None)


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
    duplicate_window_seconds: float = seconds(120.0)

    max_deliveries: int = count(5, "Then the message is dead-lettered.")
    backoff_initial_seconds: float = seconds(1.0)
    backoff_max_seconds: float = seconds(60.0)
    ack_wait_seconds: float = seconds(30.0)
    consumer_concurrency: int = Field(
        default=16,
        ge=1,
        le=256,
        description="Messages one replica fetches at once and handles side by side, per consumer.",
    )
    consumer_poll_seconds: float = seconds(1.0, "How long one pull waits for a message to arrive.")
    graceful_timeout_seconds: float = seconds(15.0)
    metrics_host: str = Field(default="127.0.0.1", description="0.0.0.0 in a container.")
    metrics_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="Prometheus `/metrics`, apart from the API port; 0 picks a free port (logged).",
    )
    http_headers_timeout_seconds: float = seconds(
        10.0, "A request's head must arrive within this (408, closed)."
    )
    http_body_chunk_timeout_seconds: float = seconds(
        30.0, "Longest wait for the next chunk of a body (408, closed)."
    )
    http_body_timeout_seconds: float = seconds(
        900.0, "A whole body must arrive within this (408, closed)."
    )
    http_uploads_per_client: int = count(
        32, "Requests with a body one client address may have open (429)."
    )
    signin_max_failures: int = count(10, "Failed sign-ins a client address may make per window.")
    signin_window_seconds: float = seconds(
        60.0, "Then 429 with Retry-After until a failure is this old."
    )
    # Whole seconds (uvicorn's `timeout_keep_alive`), at least one.
    http_keep_alive_seconds: int = count(5, "An idle keep-alive connection is closed after this.")
    readiness_timeout_seconds: float = seconds(2.0)

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
