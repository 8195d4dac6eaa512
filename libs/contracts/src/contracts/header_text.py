"""Text that goes into an email header: no character that could break or disguise one.

A contact name `Ana\r\nBcc: spy@evil.example` would add a header if written raw, and a
bidirectional override (U+202E) makes a subject read differently from what it says. So text
bound for a header (a title in a subject, a name in From/To) refuses, by Unicode general
category: Cc (controls: CR, LF, TAB, NUL, DEL, C1), Zl and Zp (line and paragraph separators,
which `str.splitlines` treats as line ends), Cs (lone surrogates, not encodable) and Cf
(format characters: bidi overrides and isolates, BOM, soft hyphen), except ZWNJ and ZWJ,
which Persian, Indic scripts and emoji sequences need.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})


def header_text_problem(text: str) -> str | None:
    """Why `text` cannot go into a header (`contains the control character U+000D`), or None."""
    for char in text:
        if unicodedata.category(char) in REFUSED_CATEGORIES and char not in ALLOWED_FORMAT:
            return f"contains the control character U+{ord(char):04X}"
    return None


def _header_safe(value: str) -> str:
    problem = header_text_problem(value)
    if problem is not None:
        raise PydanticCustomError(
            "header_text", "{problem}; it would go into an email header", {"problem": problem}
        )
    return value


HeaderText = Annotated[str, AfterValidator(_header_safe)]
"""A str that `header_text_problem` accepts; a 422 names the field and the character."""
