"""Reasons from mail servers often quote the address; they are logged and published."""

from __future__ import annotations

import re

_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def redact(text: str, limit: int = 500) -> str:
    """`text` without anything that looks like an email address, and not too long."""
    return _ADDRESS.sub("<address>", text)[:limit]
