"""Subject, From and To written so that a reader parses back exactly what was meant.

The email package folds a long non-ASCII header between RFC 2047 encoded words, and a reader
drops whitespace between encoded words (RFC 2047 §6.2): "개방 사업" arrived as "개방사업".
It may also start the value on a continuation line, which a reader keeps as a leading
space. So these headers are written here, already folded: short plain ASCII as it is, ASCII
words folded at their spaces, and anything else as base64 encoded words that carry their
spaces inside them, so folding can neither drop nor add one. The message is flattened with
`OUTGOING` (`refold_source="none"`), so the generator sends these lines as written.
"""

from __future__ import annotations

import base64
import re
from email import policy

from contracts.header_text import header_text_problem

OUTGOING = policy.SMTP.clone(refold_source="none")
"""CRLF line ends; headers set with `set_raw` are sent as written."""

# 36 bytes are 48 base64 characters: the word is 60 characters, and "Subject: " plus one
# word stays under 78 (RFC 5322 §2.1.1; RFC 2047 §2 allows words up to 75).
_WORD_BYTES = 36
_LONGEST_WORD_BYTES = 45  # 60 base64 characters: a 75-character word, RFC 2047's limit
_LINE = 60  # the longest line of a value we write: with "Subject: " still under 78
_ATOM_TEXT = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*")
_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


class UnbuildableEmailError(ValueError):
    """The email cannot be put together from what we have: sending it again cannot help."""


def subject_value(subject: str, *, what: str = "the subject") -> str:
    """`subject` as a folded header value; raises UnbuildableEmailError on a control char."""
    _refuse_controls(subject, what)
    if _plain_ascii(subject):
        return _fold_at_spaces(subject)
    return encoded_words(subject)


def mailbox_value(name: str, address: str) -> str:
    """`name <address>` as a folded header value, the address in its ASCII (IDNA) form."""
    _refuse_controls(name, "the name")
    mailbox = f"<{ascii_address(address)}>"
    if not name:
        return mailbox
    phrase = name if _plain_ascii(name) and _ATOM_TEXT.fullmatch(name) else _encoded_phrase(name)
    if "\n" not in phrase and len(phrase) + len(mailbox) < _LINE:
        return f"{phrase} {mailbox}"
    return f"{phrase}\n {mailbox}"


def ascii_address(address: str) -> str:
    """`address` with its domain in IDNA form; a non-ASCII local part needs SMTPUTF8, which
    this sender does not use, so it is UnbuildableEmailError."""
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise UnbuildableEmailError("the address has no local part or no domain")
    if not local.isascii() or not _DOT_ATOM.fullmatch(local):
        raise UnbuildableEmailError("the address's local part is not ASCII (it needs SMTPUTF8)")
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise UnbuildableEmailError("the address's domain is not a valid IDNA name") from None
    return f"{local}@{ascii_domain}"


def encoded_words(text: str) -> str:
    """`text` as base64 encoded words, one per line, each ending at a whole character."""
    # Cut the UTF-8 bytes, not the text: each word as long as it can be, backed off to the
    # start of the character it would split (a continuation byte is 0b10xxxxxx).
    data = text.encode("utf-8")
    words: list[bytes] = []
    start = 0
    while start < len(data) or not words:
        end = min(start + _WORD_BYTES, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        words.append(data[start:end])
        start = end
    return "\n ".join(_base64_word(word) for word in words)


def _encoded_phrase(name: str) -> str:
    """A display name as encoded words. Unlike in a subject, the stdlib's address parser keeps
    the whitespace between two encoded words, where RFC 2047 readers drop it; so a name is one
    word when it fits (45 bytes: fifteen Hangul syllables), else split only at its own spaces,
    each split space becoming the fold, which the stdlib reads back as that space. A single
    word longer than that stays one (long) encoded word rather than gain a space."""
    if len(name.encode("utf-8")) <= _LONGEST_WORD_BYTES:
        return _encoded_word(name)
    groups: list[str] = []
    for word in name.split(" "):
        joined = f"{groups[-1]} {word}" if groups else word
        if groups and len(joined.encode("utf-8")) <= _LONGEST_WORD_BYTES:
            groups[-1] = joined
        else:
            groups.append(word)
    return "\n ".join(_encoded_word(group) for group in groups)


def _encoded_word(text: str) -> str:
    return _base64_word(text.encode("utf-8"))


def _base64_word(data: bytes) -> str:
    return f"=?utf-8?b?{base64.b64encode(data).decode('ascii')}?="


def _plain_ascii(text: str) -> bool:
    """Printable ASCII, single spaces, nothing a reader would decode, no word too long."""
    return (
        text.isascii()
        and text.isprintable()
        and text == text.strip()
        and "  " not in text
        and "=?" not in text
        and all(len(word) <= _LINE for word in text.split(" "))
    )


def _fold_at_spaces(text: str) -> str:
    """Lines under `_LINE`; each fold replaces a space, which unfolding gives back."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > _LINE:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n ".join(lines)


def _refuse_controls(text: str, what: str) -> None:
    # Of the characters `header_text_problem` refuses, ASCII holds only controls (C0, DEL):
    # one scan in C for those, and a category lookup for each distinct non-ASCII character
    # (an English subject has one, its dash), not for every character of every subject.
    if not _ASCII_CONTROL.search(text):
        beyond_ascii = "".join(set(_NON_ASCII.findall(text)))
        if header_text_problem(beyond_ascii) is None:
            return
    problem = header_text_problem(text)
    if problem is not None:
        raise UnbuildableEmailError(f"{what} {problem}")
