from __future__ import annotations

from pydantic import Field

from servicekit.settings import ServiceSettings


class ReviewSettings(ServiceSettings):
    service_name: str = "review"
    http_port: int = 8002
    # Object storage where intake keeps the files; review only presigns GETs on it.
    s3_endpoint: str = "127.0.0.1:9000"
    s3_access_key: str = Field(default="cityprize", repr=False)
    s3_secret_key: str = Field(default="cityprize-secret", repr=False)
    s3_secure: bool = False
    s3_region: str = "us-east-1"
    s3_bucket: str = "cityprize-submissions"
    file_url_seconds: int = Field(default=600, ge=1, le=900, description="At most 15 minutes.")
    # The judge portal: login links carry a fresh token; only its hash is kept.
    portal_base_url: str = "http://127.0.0.1:8002/v1/judge"
    judge_token_hours: float = Field(default=72.0, gt=0)
    review_days: int = Field(default=21, ge=1, description="Due date of a committed batch.")
