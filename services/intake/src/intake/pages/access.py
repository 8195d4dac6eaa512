"""Signing in with the API key staff issued (a form POST: the key never travels in an
address), signing out, and switching the language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from intake.gate import BROKER_ERRORS
from intake.pages.context import Pages, Visit, visit
from intake.pages.render import LANGUAGE_COOKIE, ROOT, Viewer, message, page, words_for
from intake.pages.sessions import COOKIE, form_token_ok, set_cookie
from servicekit.pages.form_tokens import keep_form_token, new_form_token
from servicekit.pages.render import language_choice
from servicekit.pages.sign_in_guard import refused_sign_in
from servicekit.signin_limits import client_of

# Before there is a session, the sign-in form is guarded by a double-submit token.
FORM_COOKIE = "cityprize_apply_form"


class SignInFirstError(Exception):
    """A page for a signed-in applicant asked without a session: `install_pages` answers
    the sign-in form with `401`."""


def signed_in(pages: Pages) -> Callable[[Request], Awaitable[Visit]]:
    """A FastAPI dependency: the signed-in visit, else `SignInFirstError`."""

    async def visitor(request: Request) -> Visit:
        v = await visit(pages, request)
        if v is None:
            raise SignInFirstError
        return v

    return visitor


async def sign_in_first(request: Request, _: Exception) -> Response:
    return sign_in_page(request, 401)


def sign_in_page(request: Request, status: int = 200, error: str = "") -> HTMLResponse:
    token = new_form_token()
    viewer = Viewer(words=words_for(request))
    answer = page(request, "sign_in.html", viewer, status, form_token=token, error=error)
    keep_form_token(answer, FORM_COOKIE, token, path=ROOT, secure=request.url.scheme == "https")
    return answer


def build_access(pages: Pages) -> APIRouter:
    router = APIRouter(prefix="/apply", include_in_schema=False)

    @router.post("/sign-in")
    async def sign_in(
        request: Request,
        key: Annotated[str, Form()] = "",
        form: Annotated[str, Form()] = "",
        zone: Annotated[str, Form()] = "",
    ) -> Response:
        viewer = Viewer(words=words_for(request))
        refuse = partial(message, request, viewer)
        refused = refused_sign_in(
            request, pages.sign_ins, FORM_COOKIE, form, refuse, too_many="signin.too_many"
        )
        if refused is not None:
            return refused
        try:
            applicant = await pages.receiving.gate.applicants.authenticate(f"Bearer {key.strip()}")
        except BROKER_ERRORS:
            return message(request, viewer, "unavailable", 503)
        if applicant is None:
            pages.sign_ins.failed(client_of(request))
            return sign_in_page(request, 401, viewer.words("signin.wrong_key"))
        session_id, session = await pages.sessions.start(applicant, zone.strip()[:64])
        signed = RedirectResponse("/apply/", status_code=303)
        set_cookie(signed, request, session_id, session)
        signed.delete_cookie(FORM_COOKIE, path="/apply")
        return signed

    @router.post("/sign-out")
    async def sign_out(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        found = await pages.sessions.current(request)
        if found is not None and not form_token_ok(csrf, found[0]):
            return message(request, Viewer(words=words_for(request)), "forbidden", 403)
        await pages.sessions.end(request)
        answer = RedirectResponse("/apply/signed-out", status_code=303)
        answer.delete_cookie(COOKIE, path="/apply")
        return answer

    @router.get("/signed-out")
    async def signed_out(request: Request) -> Response:
        return message(request, Viewer(words=words_for(request)), "signed_out", 200)

    @router.get("/language")
    async def language(request: Request, to: str = "en", back: str = "/apply/") -> Response:
        return language_choice(to, back, root=ROOT, cookie=LANGUAGE_COOKIE)

    return router
