"""API keys: `cpk_<key id>_<secret>`. The id makes lookup O(1); only a salted hash is kept.

The secret is 256 random bits, so a salted SHA-256 is enough: a slow password hash
protects guessable secrets, and this one cannot be guessed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

PREFIX = "cpk"


@dataclass(frozen=True)
class IssuedKey:
    key_id: str
    secret: str

    @property
    def token(self) -> str:
        return f"{PREFIX}_{self.key_id}_{self.secret}"


def issue_key() -> IssuedKey:
    return IssuedKey(key_id=secrets.token_hex(8), secret=secrets.token_urlsafe(32))


def parse_key(token: str) -> IssuedKey | None:
    """The key id and secret of a presented key, or None when it is not shaped like one."""
    prefix, _, rest = token.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != PREFIX or len(key_id) != 16 or not secret or len(secret) > 128:
        return None
    if any(ch not in "0123456789abcdef" for ch in key_id):
        return None
    return IssuedKey(key_id=key_id, secret=secret)


def new_salt() -> str:
    return secrets.token_hex(16)


def hash_secret(secret: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()


def secret_matches(secret: str, salt: str, expected_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret, salt), expected_hash)
