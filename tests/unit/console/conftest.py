"""The console over fakes: review's answers from a table of subjects, archive's from a
table of paths, staff from a real staff file. No broker is started (no lifespan)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher

from console.archive import Archive
from console.main import create_app
from console.settings import ConsoleSettings
from contracts.contest import load_contest
from contracts.contest_parts import Window
from tests.unit.console.staff_visits import PASSWORDS, FakeArchive, FakeReview

CONTEST_FILE = Path(__file__).parents[3] / "contests" / "seoul-smart-city-prize.yaml"


@pytest.fixture
def review() -> FakeReview:
    return FakeReview()


@pytest.fixture
def archive() -> FakeArchive:
    return FakeArchive()


@pytest.fixture(scope="session")
def staff_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hashed once, with argon2's cheapest parameters: the hash carries them, so each sign-in
    of a test verifies in a millisecond (production hashes stay slow on purpose)."""
    hash_password = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash
    path = tmp_path_factory.mktemp("console") / "staff.yaml"
    staff = [
        {"name": "mina", "role": "secretariat", "password_hash": hash_password(PASSWORDS["mina"])},
        {"name": "joon", "role": "observer", "password_hash": hash_password(PASSWORDS["joon"])},
    ]
    path.write_text(json.dumps({"staff": staff}))
    return path


@pytest.fixture
async def client(
    review: FakeReview, archive: FakeArchive, staff_file: Path
) -> AsyncIterator[httpx.AsyncClient]:
    now = datetime.now(UTC).replace(microsecond=0)
    contest = load_contest(CONTEST_FILE).model_copy(
        update={
            "window": Window(opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=30))
        }
    )
    archive_client = httpx.AsyncClient(
        transport=httpx.MockTransport(archive.handle), base_url="http://archive"
    )
    settings = ConsoleSettings(console_staff_file=staff_file, signin_max_failures=3)
    app = create_app(settings, asker=review, archive=Archive(archive_client), contest=contest)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://console") as browser:
        yield browser
