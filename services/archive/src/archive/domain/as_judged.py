"""What each judge saw, "as judged": per round and assignment, the version assigned, the
version and file hashes the judge scored, and the file hashes and title that version really
had. `coherent` says the judge scored the version assigned and its files exactly (issue 16:
an amendment while judges read must never mix two versions); None until scored."""

from __future__ import annotations

from typing import Any

Document = dict[str, Any]


def as_judged(
    contest_id: str,
    submission_id: str,
    versions: list[Document],
    assignments: list[Document],
    scores: list[Document],
) -> list[Document]:
    files_of = {v["version"]: [f["sha256"] for f in v["files"]] for v in versions}
    title_of = {v["version"]: v.get("title") for v in versions}
    scored = {s["assignment_id"]: s for s in scores}
    snapshots: list[Document] = []
    for assignment in assignments:
        score = scored.get(assignment["assignment_id"])
        seen_version = score["submission_version"] if score else assignment["submission_version"]
        files_seen = score["files_seen"] if score else []
        version_files = files_of.get(seen_version, [])
        snapshots.append(
            {
                "contest_id": contest_id,
                "submission_id": submission_id,
                "round": assignment["round"],
                "judge_id": assignment["judge_id"],
                "assignment_id": assignment["assignment_id"],
                "assigned_version": assignment["submission_version"],
                "version_seen": seen_version,
                "title_seen": title_of.get(seen_version),
                "files_seen": files_seen,
                "version_files": version_files,
                "coherent": (
                    seen_version == assignment["submission_version"]
                    and sorted(files_seen) == sorted(version_files)
                )
                if score
                else None,
                "revision": score["revision"] if score else None,
                "scored_at": score["scored_at"] if score else None,
                "unassigned": assignment["unassigned"],
            }
        )
    return snapshots
