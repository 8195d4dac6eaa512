from __future__ import annotations

from servicekit.settings import ServiceSettings


class ReviewSettings(ServiceSettings):
    service_name: str = "review"
    http_port: int = 8002
