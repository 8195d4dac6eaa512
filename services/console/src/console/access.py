"""Signing staff in and out, and switching the language.

The sign-in form carries a token also set in a cookie (double submit), so another site
cannot sign a browser in under its own account; failures are limited per client address
(`servicekit.signin_limits`), and a wrong name and a wrong password read the same."""

from __future__ import annotations

import hmac
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from console.context import Console
from console.guard import message, reader, viewer_of
from console.render import LANGUAGE_COOKIE, ROOT, page
from console.sessions import COOKIE
from servicekit.pages.form_tokens import keep_form_token, new_form_token
from servicekit.pages.render import language_choice
from servicekit.pages.sign_in_guard import refused_sign_in
from servicekit.signin_limits import client_of

FORM_COOKIE = "cityprize_console_form"


class SignIn(BaseModel):
    """The sign-in form's fields; `csrf` is its double-submit token, as there is no session
    yet. Fields a browser may leave out have defaults: a missing one reads as a wrong one."""

    name: str = ""
    password: str = ""
    csrf: str = ""


def sign_in_page(request: Request, status: int = 200, failed: bool = False) -> Response:
    token = new_form_token()
    viewer = viewer_of(request, None)
    errors = {"name": viewer.words("signin.failed")} if failed else {}
    answer = page(request, "sign_in.html", viewer, status, form_token=token, errors=errors)
    keep_form_token(answer, FORM_COOKIE, token, path=ROOT, secure=False, max_age=3600)
    return answer


def build_access(console: Console) -> APIRouter:
    router = APIRouter(prefix=ROOT, include_in_schema=False)

    @router.get("/sign-in")
    async def sign_in_form(request: Request) -> Response:
        return sign_in_page(request)

    @router.post("/sign-in")
    async def sign_in(request: Request, form: Annotated[SignIn, Form()]) -> Response:
        said = partial(message, request, viewer_of(request, None))
        refused = refused_sign_in(request, console.sign_ins, FORM_COOKIE, form.csrf, said)
        if refused is not None:
            return refused
        account = console.staff.verify(form.name.strip(), form.password)
        if account is None:
            console.sign_ins.failed(client_of(request))
            return sign_in_page(request, 401, failed=True)
        session_id, session = console.sessions.start(account)
        signed = RedirectResponse(f"{ROOT}/", status_code=303)
        signed.set_cookie(
            COOKIE,
            session_id,
            expires=session.expires_at,
            path=ROOT,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https" or console.settings.console_secure_cookie,
        )
        signed.delete_cookie(FORM_COOKIE, path=ROOT)
        return signed

    @router.post("/sign-out")
    async def sign_out(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
        session, viewer = reader(console, request)
        if not hmac.compare_digest(csrf.encode(), session.csrf.encode()):
            return message(request, viewer, "forbidden", 403)
        console.sessions.end(request.cookies.get(COOKIE))
        answer = RedirectResponse(f"{ROOT}/sign-in", status_code=303)
        answer.delete_cookie(COOKIE, path=ROOT)
        return answer

    @router.get("/language")
    async def language(request: Request, to: str = "en", back: str = f"{ROOT}/") -> Response:
        return language_choice(to, back, root=ROOT, cookie=LANGUAGE_COOKIE)

    return router
