"""Stable identities derived from what caused an email, so every retry and replica agrees."""

from __future__ import annotations

import hashlib
import uuid

_NAMESPACE = uuid.UUID("5b0f2a86-5a43-4f1e-9f6c-8f1d0c7e2b91")


def digest(*parts: str) -> str:
    """A KV-safe, fixed-length name for any tuple of strings (ids may hold any character)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def delivery_key(cause: str, recipient_id: str, topic: str = "") -> str:
    """One email per cause, recipient and topic (a topic tells two submissions apart)."""
    return digest(cause, recipient_id, topic)


def message_id(key: str, domain: str) -> str:
    """The same email always carries the same `Message-ID`, so a receiver can drop a copy."""
    return f"<{key[:32]}@{domain}>"  # short enough that the header is never folded


def derived_event_id(key: str, outcome: str) -> str:
    """The sent/failed event of one delivery has one id, so re-announcing it is deduplicated."""
    return str(uuid.uuid5(_NAMESPACE, f"{key}:{outcome}"))
