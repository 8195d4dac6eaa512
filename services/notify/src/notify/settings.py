from __future__ import annotations

from servicekit.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    service_name: str = "notify"
    http_port: int = 8003
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
