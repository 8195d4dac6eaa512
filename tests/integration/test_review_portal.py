"""The judge portal over HTTP, against review on the real NATS and S3 servers: signing in by
the email's link, the pages, drafts and submitted scores, conflicts, and what keeps it safe.
The same flows in a real browser are in tests/browser/."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from test_review_round import (  # type: ignore[import-not-found]
    World,
    commit_panel,
    received,
    world,
)

from contracts.contest import Contest
from contracts.events import SubmissionAmended
from contracts.queries import JUDGE_PORTAL_LINK, JudgePortalLink, JudgePortalLinkQuery
from contracts.review_commands import CloseRound, Published, ReviewCommand
from review.portal.sessions import COOKIE
from servicekit.broker import publish_event
from servicekit.embedded import S3Server
from tests.support.service_apps import broker_of
from tests.support.waiting import eventually

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
ASSIGNMENT = re.compile(r'href="/judge/assignments/([A-Za-z0-9_=-]+)"')


async def signed_in(w: World, judge_id: str) -> httpx.AsyncClient:
    """A browser-like client of the portal, signed in by the judge's link."""
    client = httpx.AsyncClient(transport=w.http._transport, base_url="http://service")
    token = await w.token(judge_id)
    answer = await client.get(f"/judge/sign-in/{token}")
    assert answer.status_code == 303, answer.text
    return client


def form_token(page: httpx.Response) -> str:
    found = CSRF.search(page.text)
    assert found, "every form carries the session's form token"
    return found.group(1)


def criteria(contest: Contest) -> list[str]:
    return [c.slug for c in contest.rubric_for("tech-innovacity").criteria]


async def test_the_link_signs_the_judge_in_once_and_the_token_leaves_the_address(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        token = await w.token("j-de")
        async with httpx.AsyncClient(transport=w.http._transport, base_url="http://s") as web:
            signed = await web.get(f"/judge/sign-in/{token}")
            cookie = signed.headers["set-cookie"].lower()
            listed = await web.get(signed.headers["location"])
            again = await httpx.AsyncClient(transport=w.http._transport, base_url="http://s").get(
                f"/judge/sign-in/{token}"
            )

        assert signed.status_code == 303
        assert signed.headers["location"] == "/judge/"
        assert token not in signed.headers["location"]
        assert signed.headers["referrer-policy"] == "no-referrer"
        for attribute in ("httponly", "samesite=strict", "path=/judge", f"{COOKIE}="):
            assert attribute in cookie
        assert listed.status_code == 200
        assert "My assignments" in listed.text
        assert "of 2 done" in listed.text or "of 3 done" in listed.text
        assert again.status_code == 410, "a used link signs nobody else in"
        assert "already been used" in again.text


async def test_every_portal_page_forbids_inline_code_framing_and_referers(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        listed = await web.get("/judge/")
        first = ASSIGNMENT.search(listed.text)
        assert first
        pages = [
            listed,
            await web.get(f"/judge/assignments/{first.group(1)}"),
            await web.get(f"/judge/assignments/{first.group(1)}/score"),
            await web.get(f"/judge/assignments/{first.group(1)}/conflict"),
            await web.get("/judge/signed-out"),
        ]
        for page in pages:
            assert page.status_code == 200, page.url
            policy = page.headers["content-security-policy"]
            assert "unsafe-inline" not in policy
            assert "frame-ancestors 'none'" in policy
            assert page.headers["referrer-policy"] == "no-referrer"
            assert "<script>" not in page.text
            assert "style=" not in page.text
        await web.aclose()


async def test_a_judge_saves_a_draft_then_submits_and_review_counts_the_scores(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        assignment_id = ASSIGNMENT.findall((await web.get("/judge/")).text)[0]
        url = f"/judge/assignments/{assignment_id}/score"
        csrf = form_token(await web.get(url))
        slugs = criteria(seoul_contest)

        draft = await web.post(
            url, data={"csrf": csrf, "action": "draft", f"score-{slugs[0]}": "7"}
        )
        assert draft.status_code == 200
        assert "Your draft is saved" in draft.text
        assert "Draft saved" in (await web.get("/judge/")).text
        assert 'value="7"' in (await web.get(url)).text, "the draft comes back as typed"

        sheet = {f"score-{s}": "8" for s in slugs} | {f"comment-{slugs[1]}": "thin evidence"}
        submitted = await web.post(
            url, data={"csrf": csrf, "action": "submit", "comment": "strong", **sheet}
        )
        assert submitted.status_code == 200
        assert "Your scores are submitted" in submitted.text
        assert "Submitted" in (await web.get("/judge/")).text
        [scored] = list(await w.events("prize.review.scored"))
        assert scored["scores"] == dict.fromkeys(slugs, 8)
        assert scored["criterion_comments"] == {slugs[1]: "thin evidence"}
        assert scored["comment"] == "strong"
        await web.aclose()


async def test_a_sheet_with_gaps_comes_back_with_each_error_beside_its_field_and_summarised(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        assignment_id = ASSIGNMENT.findall((await web.get("/judge/")).text)[0]
        url = f"/judge/assignments/{assignment_id}/score"
        slugs = criteria(seoul_contest)
        csrf = form_token(await web.get(url))

        answer = await web.post(
            url,
            data={"csrf": csrf, "action": "submit", f"score-{slugs[0]}": "11"}
            | {f"score-{s}": "5" for s in slugs[2:]},
        )

        assert answer.status_code == 422
        assert "There is a problem" in answer.text
        assert f'href="#score-{slugs[0]}"' in answer.text
        assert f'href="#score-{slugs[1]}"' in answer.text
        assert "must be from 1 to 10" in answer.text
        assert "Enter a score for" in answer.text
        assert await w.events("prize.review.scored") == []
        await web.aclose()


async def test_a_form_without_the_sessions_form_token_changes_nothing(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        assignment_id = ASSIGNMENT.findall((await web.get("/judge/")).text)[0]
        sheet = {f"score-{s}": "8" for s in criteria(seoul_contest)}

        forged = await web.post(
            f"/judge/assignments/{assignment_id}/score",
            data={"csrf": "forged", "action": "submit", **sheet},
        )

        assert forged.status_code == 403
        assert await w.events("prize.review.scored") == []
        await web.aclose()


async def test_a_judge_reaches_only_their_own_assignments_on_the_portal(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        mine = await signed_in(w, "j-jp")
        theirs = await signed_in(w, "j-us")
        own = set(ASSIGNMENT.findall((await mine.get("/judge/")).text))
        other = next(
            a for a in ASSIGNMENT.findall((await theirs.get("/judge/")).text) if a not in own
        )

        for path in ("", "/score", "/conflict", "/files/1"):
            answer = await mine.get(f"/judge/assignments/{other}{path}")
            assert answer.status_code == 404
            assert "Page not found" in answer.text
        anonymous = await httpx.AsyncClient(transport=w.http._transport, base_url="http://s").get(
            f"/judge/assignments/{other}"
        )
        assert anonymous.status_code == 401
        assert "Sign in with the link from your email" in anonymous.text
        await mine.aclose()
        await theirs.aclose()


async def test_a_judge_opens_a_pdf_inline_without_its_name_in_a_blind_contest(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        assignment_id = ASSIGNMENT.findall((await web.get("/judge/")).text)[0]
        page = await web.get(f"/judge/assignments/{assignment_id}")
        pdf = await web.get(f"/judge/assignments/{assignment_id}/files/1")

        assert "file-1.pdf" in page.text
        assert "endorsement" not in page.text.lower()
        for identity in ("Nairobi", "Curitiba", "Da Nang", "Mayor of"):
            assert identity not in page.text
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF-1.4 letter")
        assert pdf.headers["content-disposition"] == "inline; filename*=UTF-8''file-1.pdf"
        await web.aclose()


async def test_declaring_a_conflict_records_it_and_takes_the_submission_off_the_list(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        assignment_id = ASSIGNMENT.findall((await web.get("/judge/")).text)[0]
        url = f"/judge/assignments/{assignment_id}/conflict"
        csrf = form_token(await web.get(url))

        empty = await web.post(url, data={"csrf": csrf, "reason": ""})
        declared = await web.post(url, data={"csrf": csrf, "reason": "I advised this city"})
        listed = await web.get(declared.headers["location"])

        assert empty.status_code == 422
        assert "Say briefly why" in empty.text
        assert declared.status_code == 303
        assert "Your conflict is recorded" in listed.text
        assert assignment_id not in listed.text
        recorded = [e for e in await w.events("prize.conflict.recorded") if e["judge_id"] == "j-de"]
        assert any(
            e["source"] == "declared" and "I advised this city" in e["reason"] for e in recorded
        )
        unassigned = await w.events("prize.review.unassigned")
        assert [e["assignment_id"] for e in unassigned] == [assignment_id]
        await web.aclose()


async def test_failed_sign_ins_are_answered_429_with_retry_after_on_portal_and_api(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest, sign_in_failures=5) as w:
        answers = [(await w.http.get(f"/judge/sign-in/guess-{n}")).status_code for n in range(5)]
        portal = await w.http.get("/judge/sign-in/guess-again")
        api = await w.http.get(
            "/v1/judge/assignments", headers={"Authorization": "Bearer guess-again"}
        )

        assert answers == [401] * 5
        assert portal.status_code == api.status_code == 429
        assert int(portal.headers["retry-after"]) > 0
        assert int(api.headers["retry-after"]) > 0
        assert api.json()["type"].endswith("too-many-sign-ins")


async def test_the_language_switch_shows_the_same_page_in_korean(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        switched = await web.get("/judge/language?to=ko&back=%2Fjudge%2F")
        korean = await web.get(switched.headers["location"])
        away = await web.get("/judge/language?to=ko&back=https%3A%2F%2Fevil.example%2F")

        assert switched.headers["location"] == "/judge/"
        assert '<html lang="ko">' in korean.text
        assert "내 심사 목록" in korean.text
        assert "Europe/Berlin" in korean.text, "dates in the judge's zone, named"
        assert away.headers["location"] == "/judge/", "never a redirect to another site"
        await web.aclose()


async def test_a_sign_in_token_reaches_no_span_log_or_event(
    nats_url: str,
    s3_server: S3Server,
    s3_bucket: str,
    seoul_contest: Contest,
    caplog: pytest.LogCaptureFixture,
):
    caplog.set_level(logging.DEBUG)
    spans = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(spans))
    async with world(nats_url, s3_server, s3_bucket, seoul_contest, provider) as w:
        await commit_panel(w)
        token = await w.token("j-de")
        web = httpx.AsyncClient(transport=w.http._transport, base_url="http://s")
        signed = await web.get(f"/judge/sign-in/{token}")
        listed = await web.get("/judge/")
        events = await w.events("prize.>")
        await web.aclose()

    assert signed.status_code == 303
    assert listed.status_code == 200
    recorded = [str(span.to_json()) for span in spans.get_finished_spans()]
    assert any("/judge/" in span for span in recorded), "the portal's requests are traced"
    assert not any(token in span for span in recorded)
    # httpx is the test's own browser stand-in, logging what it requested.
    service_logs = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]
    assert service_logs, "the service logged while it served"
    assert not any(token in line for line in service_logs)
    assert token not in str(events)


async def test_a_used_link_offers_a_new_one_and_asking_publishes_no_token(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        token = await w.token("j-de")
        first = httpx.AsyncClient(transport=w.http._transport, base_url="http://s")
        assert (await first.get(f"/judge/sign-in/{token}")).status_code == 303
        other = httpx.AsyncClient(transport=w.http._transport, base_url="http://s")
        used = await other.get(f"/judge/sign-in/{token}")
        forged = await httpx.AsyncClient(transport=w.http._transport, base_url="http://s").post(
            "/judge/new-link", data={"csrf": form_token(used), "link": token}
        )
        asked = await other.post("/judge/new-link", data={"csrf": form_token(used), "link": token})
        events = await w.events("prize.judge.link-requested")
        await first.aclose()
        await other.aclose()

    assert used.status_code == 410
    assert "Email me a new link" in used.text
    assert forged.status_code == 403, "the form token must match the form cookie"
    assert asked.status_code == 202
    assert "Check your email" in asked.text
    [requested] = events
    assert requested["judge_id"] == "j-de"
    assert token not in str(requested)


async def test_a_link_and_its_session_last_until_the_last_due_date_plus_the_grace(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest, judge_token_hours=1) as w:
        await commit_panel(w)
        query = JudgePortalLinkQuery(contest_id=seoul_contest.id, judge_id="j-de")
        link = await w.ask(JUDGE_PORTAL_LINK, query, JudgePortalLink)
        token = link.url.rpartition("/sign-in/")[2]
        bearer = {"Authorization": f"Bearer {token}"}
        listed = (await w.http.get("/v1/judge/assignments", headers=bearer)).json()
        web = httpx.AsyncClient(transport=w.http._transport, base_url="http://s")
        signed = await web.get(f"/judge/sign-in/{token}")
        await web.aclose()

    last_due = max(datetime.fromisoformat(a["due_at"]) for a in listed)
    at_least = last_due + timedelta(days=7)
    assert link.expires_at >= at_least, "the link outlives the due date, whatever the hours"
    expires = re.search(r"expires=([^;]+)", signed.headers["set-cookie"], re.IGNORECASE)
    assert expires
    assert parsedate_to_datetime(expires.group(1)) >= at_least.replace(microsecond=0)


async def test_a_submission_amended_since_the_assignment_says_so(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        assignment_id = ASSIGNMENT.findall((await web.get("/judge/")).text)[0]
        detail = (
            await w.http.get(
                f"/v1/judge/assignments/{assignment_id}",
                headers={"Authorization": f"Bearer {await w.token('j-de')}"},
            )
        ).json()
        sid = detail["submission"]["submission_id"]
        stored = w.app.state.review.store.submissions
        before = await stored.get(seoul_contest.id, sid)
        amended = SubmissionAmended(
            **received(
                seoul_contest.id, sid, before.country, before.city, before.title, before.files
            ).model_dump(include=set(SubmissionAmended.model_fields) - {"event_id", "event_type"}),
        ).model_copy(update={"version": 2})
        await publish_event(broker_of(w.app), amended)
        await eventually(
            lambda: stored.get(seoul_contest.id, sid),
            until=lambda doc: doc is not None and doc.version == 2,
            what="review to keep the amended version",
        )
        page = await web.get(f"/judge/assignments/{assignment_id}")
        await web.aclose()

    assert "has amended this application since it was assigned to you" in page.text
    assert "version 1; the newest is version 2" in page.text


async def test_after_the_round_closes_the_scores_can_no_longer_change(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        web = await signed_in(w, "j-de")
        assignment_id = ASSIGNMENT.findall((await web.get("/judge/")).text)[0]
        url = f"/judge/assignments/{assignment_id}/score"
        csrf = form_token(await web.get(url))
        await w.ask(ReviewCommand.ROUND_CLOSE, CloseRound(contest_id=seoul_contest.id), Published)
        form = await web.get(url)
        draft = await web.post(url, data={"csrf": csrf, "action": "draft"})
        sheet = {f"score-{s}": "8" for s in criteria(seoul_contest)}
        submitted = await web.post(url, data={"csrf": csrf, "action": "submit", **sheet})
        scored = await w.events("prize.review.scored")
        await web.aclose()

    assert "The round is closed" in form.text
    assert "Submit scores" not in form.text
    assert draft.status_code == submitted.status_code == 409
    assert scored == []


async def test_over_https_the_session_cookie_is_secure(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        token = await w.token("j-de")
        web = httpx.AsyncClient(transport=w.http._transport, base_url="https://judges.example")
        signed = await web.get(f"/judge/sign-in/{token}")
        await web.aclose()

    assert signed.status_code == 303
    assert "secure" in signed.headers["set-cookie"].lower()
