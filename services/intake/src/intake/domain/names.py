"""An applicant's file name is metadata only; it is checked, normalised and never a path."""

from __future__ import annotations

import unicodedata

_SEPARATORS = ("/", "\\")


class BadNameError(ValueError):
    """The name cannot be kept: it says why, without echoing control characters."""


def normalise_name(raw: str, *, max_length: int) -> str:
    """NFC, no path parts, no control characters, at most `max_length` characters.

    A name with path parts or control characters is refused rather than repaired: a
    client sending `../../etc/passwd` or a NUL byte is not a client to second-guess.
    """
    spaced = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in raw)
    name = unicodedata.normalize("NFC", spaced).strip()
    if not name:
        raise BadNameError("the file name is empty")
    # Not printable: control, format (bidi overrides), surrogate, private, unassigned, breaks.
    if not name.isprintable():
        raise BadNameError("the file name contains control characters")
    if any(sep in name for sep in _SEPARATORS) or name in (".", ".."):
        raise BadNameError("the file name contains path parts")
    if len(name) > max_length:
        raise BadNameError(f"the file name is longer than {max_length} characters")
    return name


def extension(name: str) -> str:
    """The last extension, lower-case, without the dot ('' when there is none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""
