"""Sizes and file kinds as people read them."""

from __future__ import annotations

from collections.abc import Iterable

# Content types to the extensions a person (and a browser's file picker) knows them by.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg,.jpeg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/zip": ".zip",
}


def mib(size: int) -> str:
    """Bytes as MiB, or KiB below one MiB: "25 MiB", "512 KiB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MiB"
    return f"{max(1, round(size / 1024))} KiB"


def kinds(content_types: Iterable[str]) -> str:
    """ "PDF, PNG, JPG, ..." for the allowed types."""
    names = [EXTENSIONS.get(t, t).split(",")[0].lstrip(".").upper() for t in content_types]
    return ", ".join(names)


def accept(content_types: Iterable[str]) -> str:
    """The file input's `accept`: the types and their extensions."""
    return ",".join(f"{t},{EXTENSIONS[t]}" if t in EXTENSIONS else t for t in content_types)
