"""Subjects and display names read back exactly as written, whatever their script or length."""

from __future__ import annotations

import email
import email.policy
import random
import re
from base64 import b64encode
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.header_text import header_text_problem
from notify.domain.headers import (
    UnbuildableEmailError,
    ascii_address,
    encoded_words,
    mailbox_value,
    subject_value,
)
from notify.domain.mail import Recipient, Rendered
from notify.domain.wire import compose

SENDER = "Cityprize <no-reply@cityprize.example>"
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
LATIN = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
ANY_PRINTABLE = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S"))


def _sent(subject: str, name: str = "Ana", address: str = "ana@city.example") -> EmailMessage:
    """The email as a reader gets it: flattened as sent, parsed by the stdlib's default policy."""
    message = compose(
        Rendered(subject, "text", "<p>html</p>"),
        Recipient("app-1", name, address),
        sender=SENDER,
        message_id="<m-1@notify.example>",
        date=datetime(2027, 5, 1, tzinfo=UTC),
    )
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _words(alphabet: st.SearchStrategy[str], most: int) -> st.SearchStrategy[str]:
    word = st.text(alphabet, min_size=1, max_size=12)
    return st.lists(word, min_size=1, max_size=most).map(" ".join)


def _display_name(parsed: EmailMessage, header: str) -> str:
    [address] = parsed[header].addresses
    return str(address.display_name)


def test_a_long_korean_receipt_subject_keeps_every_space():
    subject = (
        "서울 스마트 도시상: 응모작 접수 완료 — 시민 참여형 데이터 개방 사업과 교통 약자 이동 지원"
    )
    assert _sent(subject)["Subject"] == subject


def test_300_random_long_korean_subjects_arrive_unaltered():
    rng = random.Random(16)
    altered = 0
    for _ in range(300):
        words = "".join(chr(rng.randint(0xAC00, 0xD7A3)) for _ in range(rng.randint(1, 5)))
        subject = " ".join(words for _ in range(rng.randint(8, 30)))
        altered += _sent(subject)["Subject"] != subject
    assert altered == 0


def test_a_long_english_subject_has_no_leading_space():
    title = "Smart-Mobility-And-Inclusive-Digital-Services-For-Elderly-Residents-Of-Seoul"
    subject = f"{title}: results"
    assert _sent(subject)["Subject"] == subject


@settings(max_examples=300, deadline=None)
@given(_words(HANGUL, 40) | _words(LATIN, 40) | _words(HANGUL | LATIN, 60))
def test_any_korean_english_or_mixed_subject_survives_send_and_parse(subject: str):
    assert _sent(subject)["Subject"] == subject


@settings(max_examples=200, deadline=None)
@given(_words(ANY_PRINTABLE, 30))
def test_any_printable_subject_survives_send_and_parse(subject: str):
    assert _sent(subject)["Subject"] == subject


@settings(max_examples=200, deadline=None)
@given(_words(HANGUL | LATIN, 12) | _words(ANY_PRINTABLE, 6))
def test_any_display_name_survives_in_to(name: str):
    assert _display_name(_sent("Receipt", name=name), "To") == name


def test_a_korean_display_name_survives_in_from_and_to():
    message = compose(
        Rendered("접수 완료", "text", "<p>html</p>"),
        Recipient("app-1", "김민준 (부산광역시청)", "minjun@busan.example", "ko"),
        sender="서울 스마트 도시상 사무국 <no-reply@cityprize.example>",
        message_id="<m-1@notify.example>",
        date=datetime(2027, 5, 1, tzinfo=UTC),
    )
    parsed = email.message_from_bytes(message, policy=email.policy.default)
    assert _display_name(parsed, "From") == "서울 스마트 도시상 사무국"
    assert _display_name(parsed, "To") == "김민준 (부산광역시청)"
    assert parsed["To"].addresses[0].addr_spec == "minjun@busan.example"


def test_a_long_name_without_spaces_survives_as_one_encoded_word():
    assert _display_name(_sent("Receipt", name="김" * 90), "To") == "김" * 90


def test_a_subjects_line_breaks_and_tabs_from_a_template_become_single_spaces():
    assert _sent("Prize:\n  receipt\t— Parks")["Subject"] == "Prize: receipt — Parks"


def test_every_header_line_stays_within_78_characters():
    lines = (
        compose(
            Rendered("개방 사업 " * 40, "text", "<p>html</p>"),
            Recipient("app-1", "김민준 부산광역시청 " * 20, "a" * 60 + "@" + "b" * 60 + ".example"),
            sender=SENDER,
            message_id="<m-1@notify.example>",
            date=datetime(2027, 5, 1, tzinfo=UTC),
        )
        .split(b"\r\n\r\n")[0]
        .split(b"\r\n")
    )
    assert [line for line in lines if len(line) > 78 and b"@" not in line] == []


@pytest.mark.parametrize(
    ("name", "character"),
    [("Ana\r\nBcc: spy@evil.example", "U+000D"), ("Ana\u202eevil", "U+202E"), ("A\x00", "U+0000")],
)
def test_a_name_with_a_control_character_cannot_be_built(name: str, character: str):
    refusal = re.escape(f"the name contains the control character {character}")
    with pytest.raises(UnbuildableEmailError, match=refusal):
        _sent("Receipt", name=name)


@pytest.mark.parametrize("code", range(128))
def test_an_ascii_character_is_refused_in_a_subject_or_name_exactly_when_header_text_is(
    code: int,
):
    subject, name = f"Receipt {chr(code)} of a case", f"Ana{chr(code)}Lima"
    problem, in_name = header_text_problem(subject), header_text_problem(name)
    if problem is None and in_name is None:
        assert subject_value(subject)
        assert mailbox_value(name, "ana@city.example")
        return
    with pytest.raises(UnbuildableEmailError, match=re.escape(f"the subject {problem}")):
        subject_value(subject)
    with pytest.raises(UnbuildableEmailError, match=re.escape(f"the name {in_name}")):
        mailbox_value(name, "ana@city.example")


@given(st.text(max_size=40))
@settings(max_examples=300)
def test_any_subject_is_refused_exactly_when_header_text_refuses_it(subject: str):
    problem = header_text_problem(subject)
    if problem is None:
        assert subject_value(subject) is not None
    else:
        with pytest.raises(UnbuildableEmailError, match=re.escape(f"the subject {problem}")):
            subject_value(subject)


def test_an_address_with_a_korean_local_part_cannot_be_built_without_smtputf8():
    with pytest.raises(UnbuildableEmailError, match="local part is not ASCII"):
        _sent("Receipt", address="민준@부산시청.example")


def test_a_korean_domain_is_written_in_its_idna_form():
    assert ascii_address("minjun@부산시청.example") == "minjun@xn--or3bi2dx4bh5q.example"
    assert _sent("Receipt", address="minjun@부산시청.example")["To"].addresses[0].domain == (
        "xn--or3bi2dx4bh5q.example"
    )


def _words_char_by_char(text: str) -> str:
    """`encoded_words` as first written: a character at a time, each word re-encoded."""
    words, chunk = [], ""
    for char in text:
        if chunk and len((chunk + char).encode("utf-8")) > 36:
            words.append(chunk)
            chunk = ""
        chunk += char
    words.append(chunk)
    return "\n ".join(f"=?utf-8?b?{b64encode(w.encode()).decode()}?=" for w in words)


@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=120))
@settings(max_examples=300)
def test_a_subject_is_cut_into_the_same_encoded_words_as_character_by_character(text: str):
    assert encoded_words(text) == _words_char_by_char(text)
