"""The AsyncAPI 3.0 document of the domain events, generated from the event models.

One channel per subject (`prize.<entity>.<fact>` in the `PRIZE` stream), its message's
payload the event's JSON Schema, and who publishes it. Every service serves the same
document at `/asyncapi.json`; `docs/architecture.md` says which service consumes what.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from contracts.envelope import Event
from contracts.events import ALL_EVENT_TYPES
from contracts.subjects import Header, Stream

ASYNCAPI_VERSION = "3.0.0"
_REFS = "#/components/schemas/{model}"


def _message_name(event_type: type[Event]) -> str:
    return event_type.__name__


def _summary(event_type: type[Event]) -> str:
    own = event_type.__doc__ if "__doc__" in vars(event_type) else None
    first = (own or "").strip().split("\n")[0]
    return first or f"{event_type.subject.value}: a past-tense fact, published once per event_id"


def asyncapi_document(version: str) -> dict[str, Any]:
    """The document as a JSON-ready dict; `version` is the platform's (servicekit's VERSION)."""
    keyed, schemas = models_json_schema(
        [(event_type, "validation") for event_type in ALL_EVENT_TYPES], ref_template=_REFS
    )
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for event_type in ALL_EVENT_TYPES:
        name = _message_name(event_type)
        subject = event_type.subject.value
        channel = subject.replace(".", "-")
        messages[name] = {
            "name": event_type.model_fields["event_type"].default,
            "title": name,
            "summary": _summary(event_type),
            "contentType": "application/json",
            "headers": {
                "type": "object",
                "properties": {
                    Header.MSG_ID: {"type": "string", "description": "= event_id (dedup)"},
                    "traceparent": {"type": "string", "description": "W3C trace context"},
                },
            },
            "payload": keyed[(event_type, "validation")],
        }
        channels[channel] = {
            "address": subject,
            "description": f"In the JetStream stream {Stream.EVENTS}.",
            "messages": {name: {"$ref": f"#/components/messages/{name}"}},
        }
        operations[f"publish-{channel}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"}],
        }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "Cityprize domain events",
            "version": version,
            "description": (
                "Every event is a frozen JSON object with the envelope event_id, event_type, "
                "schema_version, occurred_at (UTC) and contest_id. Consumers ignore unknown "
                "fields; a breaking change is a new schema_version."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "nats": {"host": "127.0.0.1:4222", "protocol": "nats", "description": "NATS_URL"}
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas.get("$defs", {})},
    }
