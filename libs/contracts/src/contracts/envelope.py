"""The envelope every domain event carries, and the value types events share."""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic.networks import validate_email

from contracts.subjects import EVENT_PREFIX, Subject

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Language = Annotated[str, StringConstraints(pattern=r"^(en|ko)$")]
ScreeningOutcomeName = Literal["eligible", "ineligible", "needs_decision"]


def _require_utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("must carry a time zone")
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_require_utc)]


@functools.lru_cache(maxsize=4096)
def valid_email(address: str) -> str:
    """The address as `EmailStr` keeps it (normalised); raises its `PydanticCustomError`."""
    return validate_email(address)[1]


EmailAddress = Annotated[
    str, AfterValidator(valid_email), WithJsonSchema({"type": "string", "format": "email"})
]
"""pydantic's `EmailStr` (the same check by `email_validator`, the same normalised address and
the same error), each distinct address checked once per process (4,096 kept): every consumer
decodes the contact of every event it reads, and the check walked the domain a character at a
time, ~0.1 ms an event. An address that fails is checked again each time (errors are not kept)."""


def new_event_id() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


class Frozen(BaseModel):
    """Immutable value; unknown fields are ignored so that producers can add fields safely."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Event(Frozen):
    """A past-tense fact. `event_id` is also sent as `Nats-Msg-Id`, so a re-publish is a no-op."""

    subject: ClassVar[Subject]

    event_id: str = Field(default_factory=new_event_id, min_length=1, max_length=64)
    event_type: str
    schema_version: int = 1
    occurred_at: UtcDatetime = Field(default_factory=utc_now)
    contest_id: Slug

    # A concrete event's subject is `prize.<event_type>`, bound when its class is made (the
    # naming scheme of contracts.subjects): an event type `Subject` does not list is a
    # ValueError at import. (A comment, so that the published schemas stay as they were.)
    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        event_type = cls.model_fields["event_type"].default
        if isinstance(event_type, str):  # a shared base of several events leaves it open
            cls.subject = Subject(f"{EVENT_PREFIX}.{event_type}")


class Contact(Frozen):
    name: str = Field(min_length=1, max_length=200)
    email: EmailAddress
    language: Language = "en"


class StoredFile(Frozen):
    """A file as stored: the applicant's name is metadata only, the object key is generated."""

    name: str = Field(max_length=255)
    size: int = Field(ge=0)
    sha256: Sha256
    content_type: str
    object_key: str
