"""The console's settings: environment variables on top of servicekit's shared ones."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field

from servicekit.settings import ServiceSettings


class ConsoleSettings(ServiceSettings):
    """`CONSOLE_PORT` (or `HTTP_PORT`), `CONSOLE_STAFF_FILE`, `CONSOLE_CONTEST_ID`, ..."""

    service_name: str = "console"
    http_port: int = Field(default=8005, validation_alias=AliasChoices("console_port", "http_port"))
    console_staff_file: Path | None = Field(
        default=None, description="YAML of named staff: name, role, password_hash (argon2)."
    )
    console_contest_id: str = Field(
        default="seoul-smart-city-prize-2027", description="The contest the console runs."
    )
    console_archive_url: str = Field(
        default="http://127.0.0.1:8004", description="Archive's staff query API."
    )
    console_archive_token: str | None = Field(
        default=None,
        repr=False,
        validation_alias=AliasChoices("console_archive_token", "staff_token"),
        description="The archive's staff bearer token (`STAFF_TOKEN` too).",
    )
    console_first_staff: str = Field(
        default="secretariat", description="The name of the first staff member (a secretariat)."
    )
    console_first_password: str | None = Field(
        default=None,
        repr=False,
        description="Signs the first staff member in; `cityprize up` generates it.",
    )
    console_trace_url: str = Field(
        default="", description="A trace UI; a submission's trace is <url>?submission=<id>."
    )
    console_session_hours: float = Field(default=12.0, gt=0)
    console_request_timeout_seconds: float = Field(default=30.0, gt=0)
    console_secure_cookie: bool = Field(
        default=False, description="Always mark the session cookie Secure (behind TLS)."
    )
