"""The many-contests benchmark's pure parts: the scoring order, the score sheets and what its
mail watcher reads from caught emails (`tests/bench/e2e_scores.py`)."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from tests.bench.e2e_panel import CATEGORY
from tests.bench.e2e_platform import bench_contest
from tests.bench.e2e_scores import PanelMail, Score, interleaved, sheet


def caught(folder: Path, name: str, template: str, to: str, body: str) -> str:
    message = EmailMessage()
    message["To"] = to
    message["X-Cityprize-Template"] = template
    message.set_content(body)
    path = folder / name
    path.write_bytes(bytes(message))
    return str(path)


def test_scores_are_given_one_contest_after_another_in_turn() -> None:
    a = [Score("a", "t", f"a{n}") for n in range(3)]
    b = [Score("b", "t", f"b{n}") for n in range(2)]

    order = interleaved([a, b])

    assert [s.assignment_id for s in order] == ["a0", "b0", "a1", "b1", "a2"]


def test_a_score_sheet_scores_every_criterion_on_the_rubrics_scale() -> None:
    contest = bench_contest("bench")
    rubric = contest.rubric_for(CATEGORY)

    given = sheet(contest, CATEGORY, "assignment-1")

    assert set(given) == {c.slug for c in rubric.criteria}
    assert all(rubric.scale.min <= v <= rubric.scale.max for v in given.values())
    assert given == sheet(contest, CATEGORY, "assignment-1")  # the same on every run


def test_the_mail_watcher_takes_a_judges_token_from_the_assignment_email(
    tmp_path: Path,
) -> None:
    mail = PanelMail(contest_of={})
    link = "http://127.0.0.1:8002/judge/sign-in/tok_EN-123"
    path = caught(tmp_path, "1.eml", "assignment", "j0-c@c.panel.example.org", f"Open {link}\n")

    mail.read(path, caught_at=1.0)

    assert mail.tokens == {"j0-c@c.panel.example.org": "tok_EN-123"}


def test_the_mail_watcher_counts_results_emails_per_contest_by_their_applicant(
    tmp_path: Path,
) -> None:
    mail = PanelMail(contest_of={"u1-c1": "c1", "u2-c2": "c2"})
    for n, (template, key) in enumerate([("results", "u1-c1"), ("winner", "u2-c2")]):
        path = caught(tmp_path, f"{n}.eml", template, f"{key}@applicants.example.org", "Hi")
        mail.read(path, caught_at=10.0 + n)
    receipt = caught(tmp_path, "r.eml", "receipt", "u1-c1@applicants.example.org", "Thanks")
    mail.read(receipt, caught_at=20.0)

    assert dict(mail.results) == {"c1": [10.0], "c2": [11.0]}
