"""File types are decided by their bytes; the declared content type decides nothing."""

from __future__ import annotations

from collections.abc import Iterable

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

SNIFF_BYTES = 8
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),  # an empty archive
)
# What a name must end with for each detected type: `report.pdf.exe` holding a PDF is refused.
EXTENSIONS: dict[str, frozenset[str]] = {
    PDF: frozenset({"pdf"}),
    PNG: frozenset({"png"}),
    JPEG: frozenset({"jpg", "jpeg"}),
    ZIP: frozenset({"zip"}),
    DOCX: frozenset({"docx"}),
    PPTX: frozenset({"pptx"}),
}
ZIP_BASED = frozenset({ZIP, DOCX, PPTX})


def sniff(head: bytes) -> str | None:
    """The type the first bytes announce (ZIP for every ZIP-based format), or None."""
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def ooxml_type(entries: Iterable[str]) -> str:
    """Tell a .docx or .pptx from a plain ZIP by the entries an OOXML package must hold."""
    names = set(entries)
    if "[Content_Types].xml" not in names:
        return ZIP
    if "word/document.xml" in names:
        return DOCX
    if "ppt/presentation.xml" in names:
        return PPTX
    return ZIP


def could_be_allowed(sniffed: str, allowed: Iterable[str]) -> bool:
    """Early refusal while streaming: a ZIP may still turn out to be an allowed docx/pptx."""
    allowed_set = set(allowed)
    if sniffed == ZIP:
        return bool(allowed_set & ZIP_BASED)
    return sniffed in allowed_set


def name_matches(content_type: str, ext: str) -> bool:
    return ext in EXTENSIONS.get(content_type, frozenset())
