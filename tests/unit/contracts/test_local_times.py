"""Window times that a contest's clock skips or repeats are refused with both readings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from cityprize import contest_cli
from contracts.contest import ContestFileError, load_contest
from contracts.local_times import LocalTimeError, localise

WriteContest = Callable[[dict[str, Any]], Path]


def _refusal(data: dict[str, Any], write_contest: WriteContest) -> str:
    with pytest.raises(ContestFileError) as caught:
        load_contest(write_contest(data))
    return str(caught.value)


def test_a_window_closing_in_berlins_spring_forward_gap_is_refused_with_both_readings(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["timezone"] = "Europe/Berlin"
    contest_data["window"]["closes_at"] = "2027-03-28 02:30"
    refusal = _refusal(contest_data, write_contest)
    assert "window.closes_at: 2027-03-28 02:30 in Europe/Berlin does not exist" in refusal
    assert "2027-03-28T02:30:00+01:00 (= 2027-03-28T01:30Z)" in refusal
    assert "2027-03-28T02:30:00+02:00 (= 2027-03-28T00:30Z)" in refusal


def test_a_window_opening_in_new_yorks_autumn_overlap_is_refused_with_both_readings(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["timezone"] = "America/New_York"
    contest_data["window"]["opens_at"] = datetime(2026, 11, 1, 1, 30)
    refusal = _refusal(contest_data, write_contest)
    assert "window.opens_at: 2026-11-01 01:30 in America/New_York happens twice" in refusal
    assert "2026-11-01T01:30:00-04:00 (= 2026-11-01T05:30Z)" in refusal
    assert "2026-11-01T01:30:00-05:00 (= 2026-11-01T06:30Z)" in refusal


def test_the_same_wall_clock_time_with_its_offset_is_accepted(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["timezone"] = "Europe/Berlin"
    contest_data["window"]["closes_at"] = "2027-03-28T02:30:00+01:00"
    window = load_contest(write_contest(contest_data)).window
    assert window.closes_at == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_contest_check_refuses_a_time_in_the_gap_and_says_why(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["timezone"] = "Europe/Berlin"
    contest_data["window"]["closes_at"] = "2027-03-28T02:30:00"
    result = CliRunner().invoke(contest_cli.app, ["check", str(write_contest(contest_data))])
    assert result.exit_code == 1
    assert "window.closes_at: 2027-03-28 02:30 in Europe/Berlin does not exist" in result.output
    assert "02:30:00+02:00" not in result.output.split("could mean")[0]


def test_contest_apply_refuses_it_before_publishing_anything(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["timezone"] = "America/New_York"
    contest_data["window"]["opens_at"] = "2026-11-01T01:59"
    result = CliRunner().invoke(contest_cli.app, ["apply", str(write_contest(contest_data))])
    assert result.exit_code == 1
    assert "window.opens_at: 2026-11-01 01:59 in America/New_York happens twice" in result.output


@pytest.mark.parametrize(
    ("zone", "naive", "candidates"),
    [
        ("Europe/Berlin", datetime(2027, 3, 28, 2, 0), ("01:00", "00:00")),
        ("America/New_York", datetime(2027, 11, 7, 1, 0), ("05:00", "06:00")),
        ("Australia/Lord_Howe", datetime(2027, 4, 4, 1, 45), ("14:45", "15:15")),
    ],
)
def test_each_time_with_two_readings_or_none_gives_both_instants(
    zone: str, naive: datetime, candidates: tuple[str, str]
):
    with pytest.raises(LocalTimeError) as caught:
        localise(naive, ZoneInfo(zone))
    assert tuple(f"{c.astimezone(UTC):%H:%M}" for c in caught.value.candidates) == candidates


def test_a_time_on_either_side_of_a_transition_is_read_plainly():
    berlin = ZoneInfo("Europe/Berlin")
    assert localise(datetime(2027, 3, 28, 1, 59), berlin).utcoffset() == berlin.utcoffset(
        datetime(2027, 1, 1)
    )
    assert localise(datetime(2027, 3, 28, 3, 0), berlin).isoformat() == "2027-03-28T03:00:00+02:00"
