"""The default contest file says what the brief says, and broken files are refused by name."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from contracts.contest import Contest, ContestFileError, load_contest

WriteContest = Callable[[dict[str, Any]], Path]
MIB = 1024 * 1024


def test_the_default_contest_has_the_four_categories_of_the_brief(default_contest: Contest):
    assert [c.slug for c in default_contest.categories] == [
        "tech-innovacity",
        "human-centricity",
        "leadership",
        "special-mentions",
    ]
    tech = default_contest.category("tech-innovacity")
    assert set(tech.sectors) == {
        "mobility",
        "safety",
        "welfare",
        "environment",
        "energy",
        "culture",
        "governance",
    }


def test_the_default_rubric_has_six_criteria_with_equal_weights_summing_to_one(
    default_contest: Contest,
):
    weights = default_contest.rubric_for("tech-innovacity").weights()
    assert list(weights) == [
        "problem-centred-innovation",
        "rational-project-development",
        "feasible-budgeting-and-planning",
        "project-implementation",
        "learning-and-improvement",
        "value-generation",
    ]
    assert all(weight == pytest.approx(1 / 6) for weight in weights.values())
    assert math.fsum(weights.values()) == pytest.approx(1, abs=1e-12)
    scale = default_contest.rubrics["main"].scale
    assert (scale.min, scale.max) == (1, 10)


def test_individuals_enter_leadership_only_and_nobody_else_does(default_contest: Contest):
    entries = {t.slug: set(t.categories) for t in default_contest.applicant_types}
    assert entries["individual"] == {"leadership"}
    others = [kinds for slug, kinds in entries.items() if slug != "individual"]
    assert all("leadership" not in kinds for kinds in others)


def test_institutions_and_corporations_need_the_citys_endorsement(default_contest: Contest):
    needs = {t.slug: t.requires_endorsement for t in default_contest.applicant_types}
    assert needs == {
        "city_government": False,
        "institution": True,
        "corporation": True,
        "individual": False,
    }


def test_special_mentions_are_judged_by_partners_with_their_own_rubric(default_contest: Contest):
    special = default_contest.category("special-mentions")
    assert (special.pool, special.rubric) == ("partners", "special-mentions")
    assert default_contest.rubric_for("special-mentions") != default_contest.rubrics["main"]


def test_the_default_contest_keeps_the_briefs_numbers(default_contest: Contest):
    contest = default_contest
    assert [r.kind for r in contest.rounds] == ["screening", "panel", "committee"]
    assert (contest.reviews_per_submission, contest.per_city_cap) == (3, 2)
    assert (contest.timezone, contest.languages) == ("Asia/Seoul", ("en", "ko"))
    rules = contest.file_rules
    assert (rules.max_file_bytes, rules.max_submission_bytes) == (25 * MIB, 100 * MIB)
    assert rules.max_files == 10
    assert set(contest.peer_groups) == {"region", "income"}
    assert contest.peer_group_of("income", "KR") == "high"
    assert contest.peer_group_of("region", "NO") == "europe"


def test_the_default_window_is_in_2027_seoul_time(default_contest: Contest):
    window = default_contest.window
    assert window.opens_at.year == window.closes_at.year == 2027
    assert window.opens_at.utcoffset() == ZoneInfo("Asia/Seoul").utcoffset(window.opens_at)


def test_a_naive_window_time_is_read_in_the_contest_time_zone(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["timezone"] = "Europe/Paris"
    contest_data["window"]["opens_at"] = datetime(2027, 7, 1, 9, 0)
    contest_data["window"]["closes_at"] = "2027-08-01T18:00:00"
    window = load_contest(write_contest(contest_data)).window
    assert window.opens_at == datetime(2027, 7, 1, 7, 0, tzinfo=UTC)
    assert window.closes_at == datetime(2027, 8, 1, 16, 0, tzinfo=UTC)


def test_a_window_time_with_an_offset_keeps_its_offset(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["window"]["closes_at"] = "2027-05-31T23:59:00+00:00"
    window = load_contest(write_contest(contest_data)).window
    assert window.closes_at == datetime(2027, 5, 31, 23, 59, tzinfo=UTC)


def _refusal(data: dict[str, Any], write_contest: WriteContest) -> ContestFileError:
    path = write_contest(data)
    with pytest.raises(ContestFileError) as caught:
        load_contest(path)
    assert str(path) in str(caught.value)
    return caught.value


def test_weights_that_do_not_sum_to_one_are_refused_naming_the_rubric(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    for criterion in contest_data["rubrics"]["main"]["criteria"]:
        criterion["weight"] = 0.15
    error = _refusal(contest_data, write_contest)
    assert "rubrics.main.criteria: weights must sum to 1, they sum to 0.9" in str(error)
    assert error.errors[0]["loc"] == ("rubrics", "main", "criteria")


def test_an_unknown_sector_is_refused_naming_the_category(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["categories"][0]["sectors"].append("space")
    assert "categories.0.sectors.7: unknown sector 'space'" in str(
        _refusal(contest_data, write_contest)
    )


def test_a_window_closing_before_it_opens_is_refused_naming_closes_at(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["window"]["closes_at"] = datetime(2027, 3, 1, 9, 0)
    assert "window.closes_at: the window must close after it opens" in str(
        _refusal(contest_data, write_contest)
    )


def test_a_window_closing_as_it_opens_is_refused(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["window"]["closes_at"] = contest_data["window"]["opens_at"]
    assert "window.closes_at:" in str(_refusal(contest_data, write_contest))


def test_an_unknown_top_level_field_is_refused_naming_it(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["reviews_per_submision"] = 4
    assert "reviews_per_submision: Extra inputs are not permitted" in str(
        _refusal(contest_data, write_contest)
    )


def test_a_misspelt_nested_field_is_refused_naming_its_path(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["file_rules"]["max_file_size"] = 1
    assert "file_rules.max_file_size: Extra inputs are not permitted" in str(
        _refusal(contest_data, write_contest)
    )


def test_every_bad_field_is_listed_not_only_the_first(
    contest_data: dict[str, Any], write_contest: WriteContest
):
    contest_data["per_city_cap"] = 0
    contest_data["timezone"] = "Asia/Atlantis"
    error = _refusal(contest_data, write_contest)
    assert "per_city_cap:" in str(error)
    assert "timezone: unknown IANA time zone 'Asia/Atlantis'" in str(error)
    assert len(error.errors) == 2


def test_a_key_given_twice_is_refused_instead_of_the_last_one_winning(tmp_path: Path):
    path = tmp_path / "twice.yaml"
    path.write_text("id: a\nname: A\nid: b\n", encoding="utf-8")
    with pytest.raises(ContestFileError, match="key 'id' is given twice"):
        load_contest(path)


def test_a_file_that_is_not_yaml_is_refused_naming_the_file(tmp_path: Path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContestFileError, match=r"broken\.yaml: not valid YAML") as caught:
        load_contest(path)
    assert caught.value.errors == []


def test_a_missing_file_is_refused_naming_the_file(tmp_path: Path):
    with pytest.raises(ContestFileError, match=r"absent\.yaml: cannot read the file"):
        load_contest(tmp_path / "absent.yaml")
