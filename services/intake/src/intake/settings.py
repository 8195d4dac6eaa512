from __future__ import annotations

from pydantic import Field

from servicekit.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    service_name: str = "intake"
    http_port: int = 8001
    s3_endpoint: str = "127.0.0.1:9000"
    s3_access_key: str = Field(default="cityprize", repr=False)
    s3_secret_key: str = Field(default="cityprize-secret", repr=False)
    s3_secure: bool = False
    s3_region: str = "us-east-1"
    s3_bucket: str = "cityprize-submissions"
