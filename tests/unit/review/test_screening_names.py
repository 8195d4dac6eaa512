"""Screening compares the names that decide the city cap and "the same project" as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_screening_rules import entry  # type: ignore[import-not-found]

from contracts.contest import Contest, load_contest
from review.domain.screening import screen

CONTEST_FILE = Path(__file__).parents[3] / "contests" / "seoul-smart-city-prize.yaml"


@pytest.fixture(scope="module")
def contest() -> Contest:
    return load_contest(CONTEST_FILE)


@pytest.mark.parametrize("mark", ["\u200b", "\u2060", "\u00ad"])
def test_seoul_with_an_invisible_character_is_still_seoul_for_the_cap(contest: Contest, mark: str):
    first, second = (
        entry("s-1", 0, city="Seoul", country="KR"),
        entry("s-2", 1, city="Seoul", country="KR"),
    )
    third = entry("s-3", 2, city="Seoul", country="KR", on_behalf_of_city=f"Seoul{mark}")
    result = screen(third, contest, [first, second, third])
    assert result.outcome == "needs_decision"
    assert "already has 2 applications; the cap is 2" in result.reasons[0]


def test_full_width_seoul_is_still_seoul_for_the_cap(contest: Contest):
    first, second = (
        entry("s-1", 0, city="Seoul", country="KR"),
        entry("s-2", 1, city="Seoul", country="KR"),
    )
    third = entry("s-3", 2, city="ＳＥＯＵＬ", country="KR")
    assert screen(third, contest, [first, second, third]).outcome == "needs_decision"


def test_a_title_with_a_zero_width_space_is_the_same_project(contest: Contest):
    first = entry("s-1", 0, title="Smart Port", city="Busan")
    again = entry("s-2", 5, title="Smart\u200b Port", city="Incheon")
    assert screen(again, contest, [first, again]).reasons == ("the same project as submission s-1",)


def test_a_city_or_title_imitating_another_script_goes_to_staff(contest: Contest):
    city = entry("s-1", 0, city="Sеoul", country="KR")  # Cyrillic е
    title = entry("s-2", 0, title="Smart Pоrt", city="Busan", country="KR")  # Cyrillic о
    assert screen(city, contest, [city]).reasons == (
        "city mixes scripts with look-alike letters: Sеoul",
    )
    assert screen(title, contest, [title]).outcome == "needs_decision"
    assert screen(title, contest, [title]).reasons == (
        "title mixes scripts with look-alike letters: Pоrt",
    )
