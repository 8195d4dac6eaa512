"""What the submission page shows of an application and its files, apart from any I/O."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any

from contracts.envelope import StoredFile
from review.portal.i18n import Words

# Shown first, in this order; any other field of an open (not blind) contest follows.
ORDER = ("title", "summary", "category", "sectors", "project", "language")
HIDDEN = ("consent",)


def label(name: str, t: Words) -> str:
    """A field's label from the catalogue; a field it does not know, in plain words."""
    key = f"field.{name}"
    found = t(key)
    return name.replace("_", " ").capitalize() if found == key else found


def _amount(amount: Any) -> str:
    try:
        number = float(amount)
    except (TypeError, ValueError):
        return str(amount)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}"


def _text(value: Any, t: Words) -> str:
    if isinstance(value, dict) and set(value) == {"amount", "currency"}:
        return f"{_amount(value['amount'])} {value['currency']}"
    if isinstance(value, dict):
        return "; ".join(f"{label(k, t)}: {_text(v, t)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_text(v, t) for v in value)
    return "" if value is None else str(value)


def details(view: dict[str, Any], names: dict[str, str], t: Words) -> list[tuple[str, str]]:
    """(label, text) rows; a nested field (project, contact) gives one row per part, and
    slugs (category, sectors) are shown by their names in the contest file (`names`)."""
    fields = [n for n in ORDER if n in view] + sorted(
        n for n in view if n not in ORDER and n not in HIDDEN and n != "submission_id"
    )
    rows: list[tuple[str, str]] = []
    for name in fields:
        value = view[name]
        if name == "language":
            value = t(f"language.{value}")
        if name in ("category", "sectors"):
            slugs = value if isinstance(value, list | tuple) else [value]
            value = [names.get(slug, slug) for slug in slugs]
        if isinstance(value, dict) and set(value) != {"amount", "currency"}:
            rows += [(f"{label(name, t)}: {label(k, t)}", _text(v, t)) for k, v in value.items()]
        else:
            rows.append((label(name, t), _text(value, t)))
    return rows


@dataclass(frozen=True)
class ShownFile:
    number: int
    name: str
    content_type: str
    size: str
    inline: bool
    href: str


def size_words(size: int, t: Words) -> str:
    if size < 1024:
        return t("size.bytes", value=size)
    if size < 1024 * 1024:
        return t("size.kb", value=f"{size / 1024:.0f}")
    return t("size.mb", value=f"{size / 1024 / 1024:.1f}")


def download_name(stored: StoredFile, number: int, *, blind: bool) -> str:
    """The name a file is shown and saved under: in a blind contest "file-2.pdf", since a
    file's own name often names the city or the organisation."""
    if not blind:
        return stored.name
    extension = mimetypes.guess_extension(stored.content_type) or ""
    return f"file-{number}{extension}"


def shown_files(
    files: tuple[StoredFile, ...], assignment_id: str, t: Words, *, blind: bool
) -> list[ShownFile]:
    return [
        ShownFile(
            number=number,
            name=download_name(stored, number, blind=blind),
            content_type=stored.content_type,
            size=size_words(stored.size, t),
            inline=stored.content_type == "application/pdf",
            href=f"/judge/assignments/{assignment_id}/files/{number}",
        )
        for number, stored in enumerate(files, start=1)
    ]
