from __future__ import annotations

from pathlib import Path

import pytest

from contracts.contest import Contest, load_contest

CONTESTS = Path(__file__).resolve().parents[2] / "contests"


@pytest.fixture(scope="session")
def seoul_contest() -> Contest:
    return load_contest(CONTESTS / "seoul-smart-city-prize.yaml")
