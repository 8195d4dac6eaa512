from __future__ import annotations

from pydantic import Field

from servicekit.settings import ObjectStorageSettings


class IntakeSettings(ObjectStorageSettings):
    service_name: str = "intake"
    http_port: int = 8001
    s3_timeout_seconds: float = Field(default=10.0, gt=0)
    s3_retries: int = Field(default=1, ge=0, description="Then the request answers 503.")

    upload_part_bytes: int = Field(
        default=8 * 1024 * 1024, ge=5 * 1024 * 1024, description="S3 multipart part size."
    )
    form_max_bytes: int = Field(default=256 * 1024, gt=0, description="The application part.")
    publish_timeout_seconds: float = Field(default=2.0, gt=0)
    outbox_interval_seconds: float = Field(default=5.0, gt=0)
    outbox_abandon_seconds: float = Field(default=600.0, gt=0)
    idempotency_ttl_seconds: float = Field(default=24 * 3600.0, gt=0)
    idempotency_stale_seconds: float = Field(
        default=30.0,
        gt=0,
        description="An in-flight key not renewed for this long was abandoned (renewed every "
        "third of it while its request runs).",
    )
    smtputf8: bool = Field(
        default=False,
        description="SMTPUTF8: accept contact addresses with a non-ASCII local part (민준@...). "
        "Only when the whole mail path delivers them; notify does not send SMTPUTF8 yet.",
    )
    rate_limit_per_second: float = Field(default=2.0, gt=0)
    rate_limit_burst: int = Field(default=20, ge=1)
    status_timeout_seconds: float = Field(default=3.0, gt=0)
    retry_after_seconds: int = Field(default=5, ge=1)
