"""What a judge sees: in a blind contest, nothing that names the applicant."""

from __future__ import annotations

from review.domain.tokens import new_token, token_hash
from review.domain.views import IDENTITY_FIELDS, submission_view

APPLICATION = {
    "title": "Night buses on demand",
    "summary": "Buses that come when called.",
    "category": "tech-innovacity",
    "sectors": ["mobility"],
    "project": {"budget": 1},
    "language": "en",
    "contact": {"name": "Mayor", "email": "mayor@lyon.example"},
    "partners": ["Lyon transit"],
    "on_behalf_of_city": "Lyon",
    "unknown_later_field": "Lyon",
}
IDENTITY = {"city": "Lyon", "country": "FR", "applicant_id": "a-1", "organisation": "City of Lyon"}


def test_the_blind_view_keeps_only_the_projects_own_fields():
    view = submission_view(APPLICATION, IDENTITY, blind=True)
    assert set(view) == {"title", "summary", "category", "sectors", "project", "language"}
    assert not set(view) & set(IDENTITY_FIELDS)
    assert "lyon" not in repr(view).lower()


def test_an_open_contest_shows_who_applied():
    view = submission_view(APPLICATION, IDENTITY, blind=False)
    assert view["city"] == "Lyon"
    assert view["contact"]["email"] == "mayor@lyon.example"


def test_a_token_is_random_and_only_its_hash_is_kept():
    first, second = new_token(), new_token()
    assert first != second
    assert len(first) >= 40
    assert token_hash(first) != first
    assert len(token_hash(first)) == 64
