from __future__ import annotations

from pydantic import Field

from servicekit.settings import ObjectStorageSettings


class ReviewSettings(ObjectStorageSettings):
    service_name: str = "review"
    http_port: int = 8002
    file_url_seconds: int = Field(default=600, ge=1, le=900, description="At most 15 minutes.")
    # The judge portal as judges' browsers reach it (a login link is <base>/sign-in/<token>);
    # `cityprize up`, compose and the Kubernetes overlays set it to what they really serve.
    portal_base_url: str = "http://127.0.0.1:8002/judge"
    judge_token_hours: float = Field(default=72.0, gt=0)
    # A link and a session last at least until the judge's last due date plus this grace.
    portal_grace_days: float = Field(default=7.0, ge=0)
    # Failed sign-ins (portal links and API bearer tokens) allowed per client and window.
    sign_in_failures: int = Field(default=10, ge=1)
    sign_in_window_seconds: float = Field(default=300.0, gt=0)
    review_days: int = Field(default=21, ge=1, description="Due date of a committed batch.")
