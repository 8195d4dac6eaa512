"""A judge reads the version assigned (issue 16, kind 4): review keeps each replaced version,
so fields, files and hashes always come from one version, however it was amended since."""

from __future__ import annotations

from datetime import UTC, datetime

from contracts.envelope import Contact, StoredFile
from contracts.events import SubmissionAmended, SubmissionReceived
from review.submissions import as_document


def stored(name: str, digest: str) -> StoredFile:
    return StoredFile(
        name=name, size=10, sha256=digest * 64, content_type="application/pdf", object_key=name
    )


def version(number: int, title: str, *files: StoredFile) -> SubmissionReceived | SubmissionAmended:
    kind = SubmissionReceived if number == 1 else SubmissionAmended
    return kind(
        contest_id="prize",
        submission_id="s-1",
        version=number,
        applicant_id="a-1",
        applicant_type="city_government",
        category="tech-innovacity",
        sectors=("mobility",),
        title=title,
        city="Lima",
        country="PE",
        contact=Contact(name="Ana", email="ana@lima.example"),
        files=files,
        manifest_key=f"prize/s-1/v{number}/manifest.json",
        application={"title": title},
        occurred_at=datetime(2027, 3, number, tzinfo=UTC),
    )


def test_a_judge_assigned_version_1_reads_version_1_after_an_amendment_with_a_new_file():
    v1 = as_document(version(1, "Night buses", stored("plan.pdf", "a")), None)
    v2 = as_document(version(2, "Night buses on demand", stored("plan-2.pdf", "b")), v1)

    seen = v2.as_of(1)
    assert (seen.version, seen.title, seen.application) == (
        1,
        "Night buses",
        {"title": "Night buses"},
    )
    assert [f.sha256 for f in seen.files] == ["a" * 64]
    assert v2.as_of(2) == v2


def test_an_amendment_to_a_file_only_leaves_the_assigned_files_in_place():
    v1 = as_document(
        version(1, "Night buses", stored("plan.pdf", "a"), stored("budget.xlsx", "c")), None
    )
    v2 = as_document(
        version(2, "Night buses", stored("plan.pdf", "a"), stored("budget.xlsx", "d")), v1
    )
    v3 = as_document(version(3, "Night buses", stored("plan.pdf", "e")), v2)

    assert [f.sha256[0] for f in v3.as_of(1).files] == ["a", "c"]
    assert [f.sha256[0] for f in v3.as_of(2).files] == ["a", "d"]
    assert [f.sha256[0] for f in v3.as_of(3).files] == ["e"]
