"""Judges' personal bearer tokens: random, shown once in a login link, kept only as a hash."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The only form in which a token is stored (and a usable KV key)."""
    return hashlib.sha256(token.encode()).hexdigest()
