"""Templates per language and contest, and the email they make."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib

from notify.domain.ids import delivery_key, message_id
from notify.domain.mail import Recipient
from notify.domain.redact import redact
from notify.domain.wire import compose
from notify.smtp import PermanentDeliveryError, TemporaryDeliveryError, classify
from notify.templates import Renderer

CONTEXT = {
    "contest_name": "Prize",
    "recipient_name": "Ana",
    "greeting": {"organisation": False, "name": "Ana"},
    "title": "Parks & <rivers>",
    "submission_id": "s-1",
    "version": 1,
    "amended": False,
    "file_count": 2,
}


def test_html_is_escaped_but_plain_text_and_subject_are_not():
    rendered = Renderer().render("prize", "en", "receipt", CONTEXT)
    assert rendered.subject == "Prize: submission received — Parks & <rivers>"
    assert '"Parks & <rivers>"' in rendered.text
    assert "<em>Parks &amp; &lt;rivers&gt;</em>" in rendered.html


def test_a_contest_folder_overrides_the_default_template_for_its_contest_only(tmp_path: Path):
    folder = tmp_path / "seoul" / "ko"
    folder.mkdir(parents=True)
    (folder / "receipt.subject.txt").write_text("서울 접수: {{ title }}")
    renderer = Renderer(tmp_path)

    assert (
        renderer.render("seoul", "ko", "receipt", CONTEXT).subject == "서울 접수: Parks & <rivers>"
    )
    assert "님께" in renderer.render("seoul", "ko", "receipt", CONTEXT).text, "others default"
    assert renderer.render("other", "ko", "receipt", CONTEXT).subject.endswith(
        "접수 완료 — Parks & <rivers>"
    )


def test_a_changed_layout_is_read_when_notify_starts_again(tmp_path: Path):
    layout = tmp_path / "default" / "_layout.html"
    layout.parent.mkdir()
    layout.write_text("<p>first</p>{% block body %}{% endblock %}")
    running = Renderer(tmp_path)
    assert running.render("prize", "en", "receipt", CONTEXT).html.startswith("<p>first</p>")

    layout.write_text("<p>second</p>{% block body %}{% endblock %}")

    kept = running.render("prize", "en", "receipt", CONTEXT).html
    assert kept.startswith("<p>first</p>"), "the running renderer keeps what it read"
    restarted = Renderer(tmp_path).render("prize", "en", "receipt", CONTEXT).html
    assert restarted.startswith("<p>second</p>")


def test_a_korean_email_survives_the_wire_with_an_encoded_subject():
    greeting = {"organisation": False, "name": "김서울"}
    context = {**CONTEXT, "title": "한강 공원", "recipient_name": "김서울", "greeting": greeting}
    rendered = Renderer().render("prize", "ko", "receipt", context)
    key = delivery_key("event-1", "app-1")
    wire = compose(
        rendered,
        Recipient("app-1", "김서울", "kim@seoul.example", "ko"),
        sender="Cityprize <no-reply@example.org>",
        message_id=message_id(key, "notify.example"),
        date=datetime(2027, 3, 1, tzinfo=UTC),
    )
    head = wire.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert b"=?utf-8?" in head

    parsed = email.message_from_bytes(wire, _class=EmailMessage, policy=email.policy.default)
    assert parsed["Subject"] == "Prize: 응모작 접수 완료 — 한강 공원"
    assert parsed["Message-ID"] == message_id(delivery_key("event-1", "app-1"), "notify.example")
    plain, html = parsed.get_body(("plain",)), parsed.get_body(("html",))
    assert plain is not None
    assert "김서울 님께" in plain.get_content()
    assert html is not None
    assert "한강 공원" in html.get_content()


def test_the_message_id_depends_on_the_event_and_the_recipient_only():
    assert delivery_key("e-1", "app-1") == delivery_key("e-1", "app-1")
    assert delivery_key("e-1", "app-1") != delivery_key("e-1", "app-2")
    assert delivery_key("e-1", "app-1") != delivery_key("e-2", "app-1")


def test_4xx_and_lost_connections_are_temporary_and_5xx_permanent_without_the_address():
    greylisted = classify(aiosmtplib.SMTPDataError(451, "try later <a@b.example>"))
    refused = classify(
        aiosmtplib.SMTPRecipientsRefused(
            [aiosmtplib.SMTPRecipientRefused(550, "no such user", "a@b.example")]
        )
    )
    down = classify(aiosmtplib.SMTPConnectError("Error connecting to 127.0.0.1 on port 1"))

    assert isinstance(greylisted, TemporaryDeliveryError)
    assert str(greylisted) == "SMTP 451 try later <<address>>"
    assert isinstance(refused, PermanentDeliveryError)
    assert "550" in str(refused)
    assert isinstance(down, TemporaryDeliveryError)
    assert redact("mail for x.y+z@a-b.example refused") == "mail for <address> refused"


def results_context(rank: int, tied: bool) -> dict[str, object]:
    return {
        "contest_name": "Prize",
        "recipient_name": "Ana",
        "title": "Parks",
        "category": "tech-innovacity",
        "rank": rank,
        "rank_ordinal": {1: "1st", 2: "2nd", 3: "3rd"}[rank],
        "tied": tied,
        "greeting": {"organisation": False, "name": "Ana"},
    }


def test_a_shared_rank_reads_as_tied_in_both_languages():
    english = Renderer().render("prize", "en", "results", results_context(1, tied=True))
    korean = Renderer().render("prize", "ko", "results", results_context(1, tied=True))
    assert "ranked =1 (tied for 1st) in its category" in english.text
    assert "ranked =1 (tied for 1st) in its category" in english.html
    assert "부문 공동 1위(=1)입니다" in korean.text
    assert "부문 공동 1위(=1)입니다" in korean.html
    assert "ranked 2" not in english.text


def test_a_rank_of_its_own_reads_as_before():
    english = Renderer().render("prize", "en", "results", results_context(3, tied=False))
    korean = Renderer().render("prize", "ko", "results", results_context(3, tied=False))
    assert "ranked 3 in its category" in english.text
    assert "tied" not in english.text
    assert "부문 3위입니다" in korean.text
    assert "공동" not in korean.text
