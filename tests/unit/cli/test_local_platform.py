"""The CLI finds what `cityprize up` wrote: addresses in var/endpoints.json, the staff token
in var/staff-token (0600), each overridden by its environment variable."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from cityprize.bus import nats_url
from cityprize.local import (
    CONSOLE_PASSWORD_FILE,
    address,
    ensure_secret_file,
    ensure_staff_token,
    staff_token,
)


@pytest.fixture
def var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CITYPRIZE_VAR", str(tmp_path))
    for name in ("NATS_URL", "ARCHIVE_URL", "STAFF_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_up_generates_a_staff_token_only_its_owner_can_read_and_keeps_it_across_restarts(
    var: Path,
):
    first = ensure_staff_token(var).read_text()
    path = ensure_staff_token(var)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first.strip()) >= 32
    assert path.read_text() == first
    assert staff_token() == first.strip()


def test_a_given_staff_token_wins_over_the_kept_one(var: Path, monkeypatch: pytest.MonkeyPatch):
    ensure_staff_token(var)
    monkeypatch.setenv("STAFF_TOKEN", "chosen-by-the-operator")

    assert ensure_staff_token(var).read_text().strip() == "chosen-by-the-operator"


def test_commands_find_addresses_in_endpoints_json_unless_the_environment_names_them(
    var: Path, monkeypatch: pytest.MonkeyPatch
):
    assert nats_url() == "nats://127.0.0.1:4222"  # nothing written yet: the local default
    endpoints = {"nats": "nats://127.0.0.1:40001", "archive": "http://127.0.0.1:40004"}
    (var / "endpoints.json").write_text(json.dumps(endpoints))

    assert nats_url() == "nats://127.0.0.1:40001"
    assert address("archive", "ARCHIVE_URL", "http://127.0.0.1:8004") == "http://127.0.0.1:40004"
    monkeypatch.setenv("NATS_URL", "nats://elsewhere:4222")
    assert nats_url() == "nats://elsewhere:4222"


def test_the_consoles_first_password_is_kept_for_its_owner_only_across_restarts(var: Path):
    first = ensure_secret_file(var / CONSOLE_PASSWORD_FILE, None)

    again = ensure_secret_file(var / CONSOLE_PASSWORD_FILE, None)

    assert again == first
    assert len(first) >= 32
    assert stat.S_IMODE((var / CONSOLE_PASSWORD_FILE).stat().st_mode) == 0o600
