"""The archive's as-judged record says exactly which version a judge scored (issue 16)."""

from __future__ import annotations

from typing import Any

from archive.domain.as_judged import as_judged

VERSIONS = [
    {"version": 1, "title": "Night buses", "files": [{"sha256": "a"}]},
    {"version": 2, "title": "Night buses on demand", "files": [{"sha256": "b"}]},
]


def assignment(assignment_id: str) -> dict[str, Any]:
    return {
        "assignment_id": assignment_id,
        "round": "panel",
        "judge_id": f"j-{assignment_id}",
        "submission_version": 1,
        "unassigned": False,
    }


def score(assignment_id: str, version: int, files: list[str]) -> dict[str, Any]:
    return {
        "assignment_id": assignment_id,
        "submission_version": version,
        "files_seen": files,
        "revision": 1,
        "scored_at": "2027-03-02T09:00:00+00:00",
    }


def test_a_judge_who_scored_the_assigned_version_and_its_files_is_coherent():
    [snapshot] = as_judged("prize", "s-1", VERSIONS, [assignment("1")], [score("1", 1, ["a"])])
    assert snapshot["title_seen"] == "Night buses"
    assert snapshot["coherent"] is True


def test_a_version_number_beside_another_versions_files_is_not_coherent():
    # The fault of issue 16: `version: 1` with version 2's file hash.
    [snapshot] = as_judged("prize", "s-1", VERSIONS, [assignment("1")], [score("1", 1, ["b"])])
    assert snapshot["coherent"] is False


def test_a_score_of_another_version_than_assigned_is_not_coherent_and_unscored_is_unknown():
    found = as_judged(
        "prize", "s-1", VERSIONS, [assignment("1"), assignment("2")], [score("1", 2, ["b"])]
    )
    assert [s["coherent"] for s in found] == [False, None]
    assert found[0]["title_seen"] == "Night buses on demand"
