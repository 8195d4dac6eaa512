from __future__ import annotations

from pydantic import Field

from servicekit.settings import ObjectStorageSettings


class ReviewSettings(ObjectStorageSettings):
    service_name: str = "review"
    http_port: int = 8002
    file_url_seconds: int = Field(default=600, ge=1, le=900, description="At most 15 minutes.")
    # The judge portal: login links carry a fresh token; only its hash is kept.
    portal_base_url: str = "http://127.0.0.1:8002/v1/judge"
    judge_token_hours: float = Field(default=72.0, gt=0)
    review_days: int = Field(default=21, ge=1, description="Due date of a committed batch.")
