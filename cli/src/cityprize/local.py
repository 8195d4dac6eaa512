"""Where the CLI finds a platform that `cityprize up` started on this machine.

`up` writes `var/endpoints.json` (addresses, no secret) and `var/staff-token` (the staff
API's bearer token, mode 0600). Every command reads an address from the environment first
(`NATS_URL`, `ARCHIVE_URL`, ...), then from `endpoints.json`, then falls back to the fixed
local default; the token from `STAFF_TOKEN`, then from the file. `CITYPRIZE_VAR` moves
`var/`.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

STAFF_TOKEN_FILE = "staff-token"  # noqa: S105 - a file name, not a secret
CONSOLE_PASSWORD_FILE = "console-password"  # noqa: S105 - a file name, not a secret


def var_dir() -> Path:
    return Path(os.environ.get("CITYPRIZE_VAR") or "var")


def address(name: str, env: str, default: str) -> str:
    """`env` if set, else the `name` entry of `var/endpoints.json`, else `default`."""
    given = os.environ.get(env)
    if given:
        return given
    try:
        found = json.loads((var_dir() / "endpoints.json").read_text()).get(name)
    except (OSError, ValueError):
        found = None
    return str(found) if found else default


def ensure_staff_token(var: Path) -> Path:
    """`STAFF_TOKEN`, else the token a previous `up` wrote, else a new random one, written to
    `var/staff-token` (0600); returns the file's path. The token is never printed or logged."""
    path = var / STAFF_TOKEN_FILE
    ensure_secret_file(path, os.environ.get("STAFF_TOKEN") or None)
    return path


def ensure_secret_file(path: Path, given: str | None) -> str:
    """`given`, else the secret a previous run wrote to `path`, else a new random one; written
    to `path` anew with mode 0600 and returned. Never printed or logged."""
    kept = path.read_text().strip() if path.is_file() else ""
    secret = given or kept or secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # created anew, so no earlier mode survives
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as sink:
        sink.write(secret + "\n")
    return secret


def staff_token() -> str | None:
    """`STAFF_TOKEN`, else the token `cityprize up` wrote; None when neither exists."""
    given = os.environ.get("STAFF_TOKEN")
    if given:
        return given
    try:
        return (var_dir() / STAFF_TOKEN_FILE).read_text().strip() or None
    except OSError:
        return None
