"""Who is looking: the signed-in judge (their name, language and time zone) or a visitor."""

from __future__ import annotations

import secrets

from fastapi import Request

from review.portal.i18n import Words, language_for
from review.portal.render import LANGUAGE_COOKIE, Viewer
from review.portal.zones import zone_of
from review.records import SessionDoc
from review.store import ReviewStore


def visitor(request: Request) -> Viewer:
    return Viewer(Words(language_for(request.cookies.get(LANGUAGE_COOKIE), ())))


async def judge_viewer(store: ReviewStore, request: Request, session: SessionDoc) -> Viewer:
    judge = await store.judges.get(session.contest_id, session.judge_id)
    if judge is None:
        return visitor(request)
    profile = judge.profile
    chosen = language_for(request.cookies.get(LANGUAGE_COOKIE), profile.languages)
    return Viewer(
        Words(chosen),
        zone=zone_of(profile.country, profile.city),
        name=profile.name,
        csrf=session.csrf,
    )


def form_token_ok(sent: object, session: SessionDoc) -> bool:
    """The session-bound form token (CSRF), compared in constant time."""
    return isinstance(sent, str) and secrets.compare_digest(sent, session.csrf)
