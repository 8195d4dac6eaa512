from __future__ import annotations

from pydantic import Field

from contracts.envelope import Language
from servicekit.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    """Notify's knobs: the SMTP provider, its rate limit, retries and the reminder scan.

    Delivery defaults are longer than the platform's: a mail provider may be away for hours,
    and an email that gave up is a person who was never told.
    """

    service_name: str = "notify"
    http_port: int = 8003
    max_deliveries: int = Field(default=30, ge=1)
    backoff_max_seconds: float = Field(default=600.0, gt=0)

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_starttls: bool = Field(default=False, description="Require STARTTLS (on in production).")
    smtp_username: str | None = None
    smtp_password: str | None = Field(default=None, repr=False)
    smtp_timeout_seconds: float = Field(
        default=20.0, gt=0, description="Per SMTP step; keep it below ACK_WAIT_SECONDS."
    )
    smtp_connections: int = Field(
        default=4, ge=1, description="Connections open to the provider at most, one email each."
    )
    smtp_idle_seconds: float = Field(
        default=10.0,
        ge=0,
        description="A connection unused this long is closed (QUIT); 0 opens one per email.",
    )
    smtp_messages_per_connection: int = Field(
        default=50, ge=1, description="Emails sent over one connection before it is renewed."
    )
    smtp_attempts: int = Field(
        default=3, ge=1, description="Tries per email within one delivery of the event."
    )
    smtp_backoff_initial_seconds: float = Field(default=1.0, gt=0)
    ledger_retry_seconds: float = Field(
        default=60.0,
        ge=0,
        description="How long to keep retrying the `sent` record after the provider accepted.",
    )
    smtp_rate_per_minute: float = Field(default=120.0, gt=0, description="Token bucket refill.")
    smtp_rate_burst: int = Field(default=10, ge=1, description="Token bucket capacity.")

    mail_from: str = "Cityprize <no-reply@cityprize.example>"
    message_id_domain: str = "notify.cityprize.example"
    staff_email: str = "secretariat@cityprize.example"
    staff_language: Language = "en"
    templates_dir: str | None = Field(
        default=None, description="Extra templates, `<contest id>/<lang>/...`, searched first."
    )

    schedule_scan_seconds: float = Field(default=5.0, gt=0)
    schedule_lease_seconds: float = Field(
        default=120.0, gt=0, description="A claimed job not finished by then is taken again."
    )
    assignment_settle_seconds: float = Field(
        default=30.0, ge=0, description="Wait for the rest of a batch before emailing a judge."
    )
    portal_link_timeout_seconds: float = Field(default=5.0, gt=0)
    contest_copy_seconds: float = Field(
        default=10.0,
        gt=0,
        description="A contest kept in memory (current through a KV watch) is read again after "
        "this long unconfirmed, in case the watch failed unseen.",
    )
