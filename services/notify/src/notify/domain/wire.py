"""The email as it goes on the wire, written as bytes without building a message object.

Building an `EmailMessage` and flattening it cost ~2.5 ms of Python per email (the header
registry parsing every header, the content manager, the generator): most of notify's work per
event (docs/benchmarks.md, issue 22). What every email of one template in one language from
one sender says alike (its From line, template and language headers) is written once; per
email only the To and Subject lines, the ids and the two encoded parts are written.

The bytes are those the standard library writes for the same email (`multipart/alternative`,
plain text then HTML, flattened with `headers.OUTGOING`), part encodings chosen by the same
rule as `email.contentmanager` (7bit, 8bit, else quoted-printable or base64, whichever is
shorter): `tests/unit/notify/test_email_wire.py` holds the two byte for byte.
"""

from __future__ import annotations

import binascii
import functools
import random
import re
import sys
from datetime import datetime
from email import quoprimime
from email.utils import format_datetime, parseaddr

from notify.domain.headers import OUTGOING, mailbox_value, subject_value
from notify.domain.mail import Recipient, Rendered

TEMPLATE_HEADER = "X-Cityprize-Template"
CRLF = b"\r\n"
_LONGEST = OUTGOING.max_line_length or 78  # 78, RFC 5322 §2.1.1
_PLAIN_VALUE = re.compile(r"[A-Za-z0-9<>@.,:;+_/ -]*")
_NEWLINES = re.compile(r"\r\n|\r|\n")


@functools.lru_cache(maxsize=256)
def letterhead(sender: str, template: str, language: str) -> tuple[bytes, bytes, bytes]:
    """The From line; the template and MIME-Version lines; the Content-Language line."""
    name, address = parseaddr(sender)
    kind = header_line(TEMPLATE_HEADER, template) if template else b""
    return (
        raw_line("From", mailbox_value(name, address)),
        kind + b"MIME-Version: 1.0\r\n",
        header_line("Content-Language", language),
    )


def compose(
    rendered: Rendered,
    recipient: Recipient,
    *,
    sender: str,
    message_id: str,
    date: datetime,
    template: str = "",
) -> bytes:
    """A multipart/alternative email as sent (CRLF line ends, headers within 78 characters).

    Subject, From and To are encoded by `notify.domain.headers`, so that they parse back
    exactly; the subject's runs of whitespace (template line breaks) become one space.
    Raises UnbuildableEmailError when a header cannot be written (a control character, an
    address that needs SMTPUTF8): a permanent failure.
    """
    sender_line, kind, language = letterhead(sender, template, recipient.language)
    to = raw_line("To", mailbox_value(recipient.name, recipient.address))
    subject = raw_line("Subject", subject_value(" ".join(rendered.subject.split())))
    text, html = (
        _part("plain", rendered.text, b""),
        _part("html", rendered.html, b"MIME-Version: 1.0\r\n"),
    )
    boundary = _boundary(text + html)
    return b"".join(
        (
            sender_line,
            to,
            subject,
            header_line("Message-ID", message_id),
            header_line("Date", format_datetime(date)),
            kind,
            b'Content-Type: multipart/alternative;\r\n boundary="' + boundary + b'"\r\n',
            language,
            CRLF,
            b"--" + boundary + CRLF,
            text,
            CRLF + b"--" + boundary + CRLF,
            html,
            CRLF + b"--" + boundary + b"--" + CRLF,
        )
    )


def raw_line(name: str, value: str) -> bytes:
    """A header already folded (`\\n ` between its lines), as the policy sends a raw one."""
    return (f"{name}: " + "\r\n".join(value.splitlines())).encode("ascii") + CRLF


def header_line(name: str, value: str) -> bytes:
    """A short plain header as written; anything else folded by the policy's own header."""
    line = f"{name}: {value}"
    plain = value == value.strip() and "  " not in value and _PLAIN_VALUE.fullmatch(value)
    if plain and len(line) <= _LONGEST:
        return line.encode("ascii") + CRLF
    return OUTGOING.fold_binary(name, OUTGOING.header_store_parse(name, value)[1])


def _part(subtype: str, content: str, extra: bytes) -> bytes:
    encoding, body = encoded_body(content)
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        f"Content-Transfer-Encoding: {encoding}\r\n".encode("ascii")
        + extra
        + CRLF
        + body
    )


def encoded_body(content: str) -> tuple[str, bytes]:
    """The transfer encoding `email.contentmanager` picks for utf-8 text, and the body in it."""
    lines = content.encode("utf-8").splitlines()
    if max((len(line) for line in lines), default=0) <= _LONGEST:
        ascii_only = all(line.isascii() for line in lines)
        return ("7bit" if ascii_only else "8bit"), CRLF.join(lines) + CRLF
    sniff = CRLF.join(lines[:10]) + CRLF
    sniff_qp = quoprimime.body_encode(sniff.decode("latin-1"), _LONGEST)
    if len(sniff_qp) > len(binascii.b2a_base64(sniff)):
        whole = CRLF.join(lines) + CRLF
        step = _LONGEST // 4 * 3
        encoded = "".join(
            binascii.b2a_base64(whole[i : i + step]).decode("ascii")
            for i in range(0, len(whole), step)
        )
        return "base64", _crlf(encoded)
    if len(lines) <= 10:
        return "quoted-printable", _crlf(sniff_qp)
    # Quoted-printable encodes each line on its own: the first ten are the sniff's already.
    rest = (b"\n".join(lines[10:]) + b"\n").decode("latin-1")
    return "quoted-printable", _crlf(sniff_qp + quoprimime.body_encode(rest, _LONGEST))


def _crlf(payload: str) -> bytes:
    return "\r\n".join(_NEWLINES.split(payload)).encode("ascii")


def _boundary(parts: bytes) -> bytes:
    """A fresh random boundary of the standard library's form, absent from the parts."""
    while True:
        token = random.randrange(sys.maxsize)  # noqa: S311 - a separator, not a secret
        boundary = f"==============={token:019d}==".encode("ascii")
        if b"--" + boundary not in parts:
            return boundary
