"""The judge portal's rules apart from any I/O: states and progress, the scoring form in the
judge's words, the words and dates per language, time zones, and escaping."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from contracts.contest_parts import Criterion, Rubric, Scale
from contracts.envelope import StoredFile
from review.portal.i18n import Words, catalogue, language_for
from review.portal.listing import by_round, row, state_of
from review.portal.render import ENVIRONMENT, safe_back
from review.portal.sheet import Typed, checked, read_form
from review.portal.showing import details, download_name
from review.portal.zones import zone_of
from review.records import AssignmentDoc, Draft

NOW = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)
RUBRIC = Rubric(
    scale=Scale(min=1, max=10, step=1),
    criteria=(Criterion(slug="impact", name="Impact"), Criterion(slug="cost", name="Cost")),
)
TRANSLATIONS = Path(__file__).parents[3] / "services/review/src/review/portal/translations"


def assignment(
    n: int, *, revision: int = 0, draft: bool = False, due: datetime = NOW
) -> AssignmentDoc:
    return AssignmentDoc(
        contest_id="c",
        assignment_id=f"a-{n}",
        round="panel",
        judge_id="j",
        submission_id=f"s-{n}",
        submission_version=1,
        batch_id="b",
        due_at=due,
        revision=revision,
        draft=Draft(saved_at=NOW) if draft else None,
    )


def test_an_assignment_is_not_started_then_a_draft_then_submitted():
    assert state_of(assignment(1)) == "not-started"
    assert state_of(assignment(1, draft=True)) == "draft"
    assert state_of(assignment(1, revision=1, draft=True)) == "submitted"


def test_only_an_unsubmitted_review_past_its_due_date_is_overdue():
    late = NOW - timedelta(hours=1)
    assert row(assignment(1, due=late), "T", "c", NOW).overdue
    assert not row(assignment(2, revision=1, due=late), "T", "c", NOW).overdue
    assert not row(assignment(3), "T", "c", NOW - timedelta(days=1)).overdue


def test_progress_counts_the_submitted_reviews_of_each_round():
    rows = [("panel", row(assignment(n, revision=n % 2), f"T{n}", "c", NOW)) for n in range(8)]
    [panel] = by_round(rows)
    assert (panel.done, len(panel.rows)) == (4, 8)


def test_a_full_sheet_passes_and_each_problem_is_named_by_its_field_in_words():
    t = Words("en")
    full = read_form({"score-impact": "7", "score-cost": "10", "comment": " ok "}, RUBRIC)
    assert checked(full, RUBRIC, t) == ({"impact": 7.0, "cost": 10.0}, {})
    assert full.comment == "ok"

    _, errors = checked(Typed(scores={"impact": "11", "cost": "lots"}), RUBRIC, t)
    assert errors == {
        "score-impact": "The score for Impact must be from 1 to 10, in steps of 1",
        "score-cost": "The score for Cost must be a number from 1 to 10",
    }
    assert list(errors) == ["score-impact", "score-cost"], "in the form's order"
    _, missing = checked(Typed(scores={"impact": "", "cost": "4"}), RUBRIC, Words("ko"))
    assert missing == {"score-impact": "Impact 점수를 1에서 10 사이로 입력해 주십시오"}


def test_both_catalogues_hold_the_same_messages():
    english = json.loads((TRANSLATIONS / "en.json").read_text())
    korean = json.loads((TRANSLATIONS / "ko.json").read_text())
    assert english.keys() == korean.keys()
    assert catalogue("ko")["nav.sign_out"] == "로그아웃"


def test_a_date_is_shown_in_the_judges_zone_with_the_zone_named():
    due = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)
    assert Words("en").when(due, "Asia/Seoul") == "1 July 2027, 18:00 (Asia/Seoul, KST)"
    assert Words("ko").when(due, "Asia/Seoul") == "2027년 7월 1일 18:00 (Asia/Seoul, KST)"
    assert Words("en").when(due, "America/Santiago").endswith("(America/Santiago, -04)")


def test_the_language_is_the_chosen_one_else_the_judges_first_the_portal_speaks():
    assert language_for("ko", ("en",)) == "ko"
    assert language_for(None, ("fr", "ko")) == "ko"
    assert language_for("xx", ("fr",)) == "en"


def test_a_judges_zone_comes_from_their_city_else_their_country():
    assert zone_of("CL", "Santiago") == "America/Santiago"
    assert zone_of("US", "Los Angeles") == "America/Los_Angeles"
    assert zone_of("KR", "Busan") == "Asia/Seoul"
    assert zone_of("ZZ", "") == "UTC"


def test_a_title_an_applicant_typed_is_escaped_on_the_page():
    template = ENVIRONMENT.from_string("<h1>{{ title }}</h1>")
    html = template.render(title='<script>alert("x")</script>')
    assert html == "<h1>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</h1>"


def test_the_language_switch_returns_only_to_a_page_of_the_portal():
    assert safe_back("/judge/assignments/a-1") == "/judge/assignments/a-1"
    for elsewhere in ("https://evil.example/", "//evil.example/judge/", "/v1/judge", "/judge/\\x"):
        assert safe_back(elsewhere) == "/judge/"


def test_a_blind_contests_file_is_named_by_its_number_and_type():
    stored = StoredFile(
        name="tallinn-endorsement.pdf",
        size=10,
        sha256="0" * 64,
        content_type="application/pdf",
        object_key="k",
    )
    assert download_name(stored, 2, blind=True) == "file-2.pdf"
    assert download_name(stored, 2, blind=False) == "tallinn-endorsement.pdf"


def test_an_application_is_shown_as_labelled_rows_in_the_judges_language():
    view = {
        "title": "Bins",
        "sectors": ["environment"],
        "project": {"start": "2024-01-01", "budget": {"amount": 1500000, "currency": "USD"}},
        "language": "ko",
        "consent": True,
    }
    rows = details(view, {"environment": "Environment"}, Words("en"))
    assert rows == [
        ("Title", "Bins"),
        ("Sectors", "Environment"),
        ("Project: Start", "2024-01-01"),
        ("Project: Budget", "1,500,000 USD"),
        ("Language of the application", "Korean"),
    ]
