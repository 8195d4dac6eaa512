"""Staff sign in with their name and password; everything else needs a session."""

from __future__ import annotations

import httpx

from tests.unit.console.staff_visits import PASSWORDS, form_token, sign_in


async def test_a_visitor_without_a_session_is_sent_to_the_sign_in_page(client: httpx.AsyncClient):
    answer = await client.get("/console/")

    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/sign-in"


async def test_a_secretariat_member_signs_in_and_sees_the_overview(client: httpx.AsyncClient):
    await sign_in(client, "mina")

    overview = await client.get("/console/")

    assert "Signed in as mina" in overview.text
    assert "Contest overview" in overview.text


async def test_a_wrong_password_is_refused_with_the_field_named(client: httpx.AsyncClient):
    form = await client.get("/console/sign-in")

    answer = await client.post(
        "/console/sign-in",
        data={"name": "mina", "password": "not it", "csrf": form_token(form.text)},
    )

    assert answer.status_code == 401
    assert "The name or the password is not right" in answer.text
    assert "cityprize_staff" not in answer.headers.get("set-cookie", "")


async def test_a_sign_in_without_the_forms_token_is_refused(client: httpx.AsyncClient):
    await client.get("/console/sign-in")

    answer = await client.post(
        "/console/sign-in", data={"name": "mina", "password": PASSWORDS["mina"], "csrf": "forged"}
    )

    assert answer.status_code == 403


async def test_after_too_many_failures_even_the_right_password_waits(client: httpx.AsyncClient):
    for _ in range(3):
        form = await client.get("/console/sign-in")
        await client.post(
            "/console/sign-in",
            data={"name": "mina", "password": "x", "csrf": form_token(form.text)},
        )
    form = await client.get("/console/sign-in")

    answer = await client.post(
        "/console/sign-in",
        data={"name": "mina", "password": PASSWORDS["mina"], "csrf": form_token(form.text)},
    )

    assert answer.status_code == 429
    assert int(answer.headers["retry-after"]) > 0


async def test_signing_out_ends_the_session(client: httpx.AsyncClient):
    token = await sign_in(client)

    await client.post("/console/sign-out", data={"csrf": token})

    assert (await client.get("/console/")).status_code == 303


async def test_every_page_carries_a_policy_without_inline_script(client: httpx.AsyncClient):
    answer = await client.get("/console/sign-in")

    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


async def test_the_console_speaks_korean_when_asked(client: httpx.AsyncClient):
    await sign_in(client)

    await client.get("/console/language", params={"to": "ko", "back": "/console/"})
    overview = await client.get("/console/")

    assert '<html lang="ko">' in overview.text
    assert "공모 개요" in overview.text
