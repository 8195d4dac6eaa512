"""The portal's routes that sign a judge in and out, and switch the language."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from review.depends import PublishOf, SettingsOf, SignInsOf, StoreOf
from review.portal import sessions
from review.portal.new_link import attach_form_cookie, form_ok, form_token, request_new_link
from review.portal.render import LANGUAGE_COOKIE, ROOT
from review.portal.render import message as say
from review.portal.viewer import form_token_ok, visitor
from review.store import ReviewStore
from servicekit.pages.render import language_choice
from servicekit.signin_limits import FailureLimiter, client_of

router = APIRouter(prefix="/judge", include_in_schema=False)


def message(
    request: Request, key: str, status: int, new_link_for: str = "", **values: object
) -> HTMLResponse:
    """A page that only says something; with `new_link_for` (a used or expired link's
    token) it offers "Email me a new link"."""
    token = form_token() if new_link_for else ""
    offers = {
        "new_link_token": new_link_for,
        "form_token": token,
        "show_assignments": key == "signin.used",
    }
    answer = say(request, visitor(request), key, status, offers, **values)
    if token:
        attach_form_cookie(answer, token, secure=request.url.scheme == "https")
    return answer


@router.get("/sign-in/{token}")
async def sign_in(
    token: str, request: Request, store: StoreOf, settings: SettingsOf, sign_ins: SignInsOf
) -> Response:
    """Exchange the link's one-time token for a session, then 303 to the list, so the
    token leaves the address bar (and, with Referrer-Policy no-referrer, any Referer)."""
    client = client_of(request)
    wait = sign_ins.retry_after(client)
    if wait:
        answer = message(request, "signin.too_many", 429, seconds=wait)
        answer.headers["Retry-After"] = str(wait)
        return answer
    try:
        session_id, session = await sessions.exchange(store, settings.portal_grace_days, token)
    except sessions.LinkRefusedError as refused:
        return await link_refused(store, sign_ins, request, token, refused)
    signed = RedirectResponse("/judge/", status_code=303)
    sessions.set_cookie(signed, request, session_id, session, settings.portal_base_url)
    return signed


async def link_refused(
    store: ReviewStore,
    sign_ins: FailureLimiter,
    request: Request,
    token: str,
    refused: sessions.LinkRefusedError,
) -> Response:
    """An expired link counts as a failed sign-in (401); a used one answers 410, except to
    the browser it already signed in."""
    if refused.reason == "expired":
        sign_ins.failed(client_of(request))
        return message(request, "signin.expired", 401, new_link_for=token)
    # The same browser following its used link again is simply let through.
    already = await sessions.session_of(store, request)
    spent = refused.token
    if already and spent and already.judge_id == spent.judge_id:
        return RedirectResponse("/judge/", status_code=303)
    return message(request, "signin.used", 410, new_link_for=token)


@router.post("/new-link")
async def new_link(
    request: Request,
    store: StoreOf,
    publish: PublishOf,
    sign_ins: SignInsOf,
    csrf: Annotated[str, Form()] = "",
    link: Annotated[str, Form()] = "",
) -> Response:
    client = client_of(request)
    sign_ins.check(client)
    if not form_ok(request, csrf):
        return message(request, "forbidden", 403)
    if not await request_new_link(store, publish, link):
        sign_ins.failed(client)
    return message(request, "signin.new_link.sent", 202)


@router.post("/sign-out")
async def sign_out(request: Request, store: StoreOf, csrf: Annotated[str, Form()] = "") -> Response:
    session = await sessions.session_of(store, request)
    if session is not None and not form_token_ok(csrf, session):
        return message(request, "forbidden", 403)
    await sessions.end(store, request)
    answer = RedirectResponse("/judge/signed-out", status_code=303)
    answer.delete_cookie(sessions.COOKIE, path="/judge")
    return answer


@router.get("/signed-out")
async def signed_out(request: Request) -> Response:
    return message(request, "signed_out", 200)


@router.get("/language")
async def language(request: Request, to: str = "en", back: str = "/judge/") -> Response:
    return language_choice(to, back, root=ROOT, cookie=LANGUAGE_COOKIE)
