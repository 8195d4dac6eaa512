"""Rules across a contest's sections, and the helpers services ask a contest."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.contest import Contest


def _errors(data: dict[str, Any]) -> dict[str, str]:
    """Dotted location -> message of every error validating `data`."""
    with pytest.raises(ValidationError) as caught:
        Contest.model_validate(data)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


def test_an_applicant_type_naming_an_unknown_category_is_refused(contest_data: dict[str, Any]):
    contest_data["applicant_types"][3]["categories"] = ["leadership", "lifetime"]
    assert _errors(contest_data) == {
        "applicant_types.3.categories.1": "unknown category 'lifetime'"
    }


def test_a_category_naming_an_unknown_rubric_is_refused(contest_data: dict[str, Any]):
    contest_data["categories"][2]["rubric"] = "leaders"
    assert _errors(contest_data) == {"categories.2.rubric": "unknown rubric 'leaders'"}


def test_a_slug_used_twice_is_refused_at_the_second_use(contest_data: dict[str, Any]):
    contest_data["sectors"].append({"slug": "energy", "name": "Energy again"})
    contest_data["rubrics"]["main"]["criteria"][5]["slug"] = "project-implementation"
    assert _errors(contest_data) == {
        "sectors.7.slug": "duplicate slug 'energy'",
        "rubrics.main.criteria.5.slug": "duplicate slug 'project-implementation'",
    }


def test_a_country_in_two_groups_of_one_grouping_is_refused_naming_the_grouping(
    contest_data: dict[str, Any],
):
    contest_data["peer_groups"]["income"]["low"].append("KR")
    (location, message), *_ = _errors(contest_data).items()
    assert location == "peer_groups.income.low"
    assert "KR is in both 'high' and 'low' of grouping 'income'" in message


def test_rounds_must_run_screening_then_panel_then_committee(contest_data: dict[str, Any]):
    contest_data["rounds"].reverse()
    assert "rounds" in _errors(contest_data)


def test_weights_given_for_only_some_criteria_are_refused(contest_data: dict[str, Any]):
    contest_data["rubrics"]["main"]["criteria"][0]["weight"] = 0.5
    assert (
        "missing for 'rational-project-development'"
        in _errors(contest_data)["rubrics.main.criteria"]
    )


def test_a_zero_weight_is_refused(contest_data: dict[str, Any]):
    criteria = contest_data["rubrics"]["special-mentions"]["criteria"]
    for criterion, weight in zip(criteria, (0.5, 0.5, 0), strict=True):
        criterion["weight"] = weight
    assert "rubrics.special-mentions.criteria.2.weight" in _errors(contest_data)


def test_weights_that_sum_to_one_are_used_as_written(contest_data: dict[str, Any]):
    criteria = contest_data["rubrics"]["main"]["criteria"]
    for criterion, weight in zip(criteria, (0.2, 0.2, 0.15, 0.15, 0.15, 0.15), strict=True):
        criterion["weight"] = weight
    weights = Contest.model_validate(contest_data).rubrics["main"].weights()
    assert weights["problem-centred-innovation"] == 0.2
    assert weights["value-generation"] == 0.15


def test_a_scale_whose_max_is_not_above_its_min_is_refused(contest_data: dict[str, Any]):
    contest_data["rubrics"]["main"]["scale"] = {"min": 5, "max": 5, "step": 1}
    assert _errors(contest_data) == {"rubrics.main.scale.max": "max must be greater than min (5.0)"}


def test_a_submission_limit_below_the_file_limit_is_refused(contest_data: dict[str, Any]):
    contest_data["file_rules"]["max_submission_bytes"] = 1024
    assert "file_rules.max_submission_bytes" in _errors(contest_data)


def test_the_window_is_open_from_opening_until_just_before_closing(default_contest: Contest):
    window = default_contest.window
    assert default_contest.is_open(window.opens_at)
    assert not default_contest.is_open(window.opens_at - timedelta(seconds=1))
    assert default_contest.is_open(window.closes_at - timedelta(microseconds=1))
    assert not default_contest.is_open(window.closes_at)


def test_asking_whether_the_window_is_open_needs_a_time_zone(default_contest: Contest):
    with pytest.raises(ValueError, match="time zone"):
        default_contest.is_open(default_contest.window.opens_at.replace(tzinfo=None))


def test_a_country_listed_in_no_peer_group_has_none(default_contest: Contest):
    assert default_contest.peer_group_of("region", "AQ") is None
    with pytest.raises(KeyError):
        default_contest.peer_group_of("continent", "KR")


def test_the_public_view_hides_weights_peer_groups_and_conflict_rules(
    contest_data: dict[str, Any],
):
    for criterion in contest_data["rubrics"]["main"]["criteria"]:
        criterion["weight"] = 0.125 if criterion["slug"] != "value-generation" else 0.375
    contest = Contest.model_validate(contest_data)
    public = contest.public_view().model_dump_json()
    for secret in ("weight", "0.375", "rubrics", "peer_groups", "conflict_rules", "KR"):
        assert secret not in public
    assert contest.public_view().window == contest.window
    assert [c.slug for c in contest.public_view().categories] == [
        c.slug for c in contest.categories
    ]
