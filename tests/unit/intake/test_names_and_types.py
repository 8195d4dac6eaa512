"""File names are metadata, types come from bytes: the domain rules on their own."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.domain import filetypes
from intake.domain.names import BadNameError, extension, normalise_name
from intake.domain.zipguard import ZipLimitsView, ZipRefusedError, inspect_zip
from tests.support.intake import docx, pdf, png, zip_bytes

LIMITS = ZipLimitsView(max_uncompressed_bytes=10_000_000, max_compression_ratio=100, max_entries=50)


def test_a_name_is_kept_in_nfc():
    decomposed = "Se\u0301oul.pdf"
    assert normalise_name(decomposed, max_length=255) == "Séoul.pdf"


@pytest.mark.parametrize(
    "name",
    [
        "../etc/passwd.pdf",
        "a/b.pdf",
        "C:\\temp\\x.pdf",
        "..",
        "x\0.pdf",
        "x\n.pdf",
        "x\u202e.pdf",
        "   ",
    ],
)
def test_a_name_with_path_parts_or_control_characters_is_refused(name: str):
    with pytest.raises(BadNameError):
        normalise_name(name, max_length=255)


def test_a_name_longer_than_the_contest_allows_is_refused():
    with pytest.raises(BadNameError, match="longer than 10"):
        normalise_name("a" * 7 + ".pdf", max_length=10)


@given(st.text(min_size=1, max_size=300))
def test_a_kept_name_never_holds_a_path_or_a_control_character(raw: str):
    try:
        name = normalise_name(raw, max_length=255)
    except BadNameError:
        return
    assert "/" not in name
    assert "\\" not in name
    assert all(ch.isprintable() or ch == " " for ch in name)
    assert len(name) <= 255


def test_the_extension_is_the_last_one():
    assert extension("report.pdf.exe") == "exe"
    assert extension("Photo.JPEG") == "jpeg"
    assert extension(".bashrc") == ""


def test_types_are_sniffed_from_bytes():
    assert filetypes.sniff(pdf()[:8]) == filetypes.PDF
    assert filetypes.sniff(png()[:8]) == filetypes.PNG
    assert filetypes.sniff(b"\xff\xd8\xff\xe0\0\x10JF") == filetypes.JPEG
    assert filetypes.sniff(docx()[:8]) == filetypes.ZIP
    assert filetypes.sniff(b"MZ\x90\0\x03\0\0\0") is None


def test_a_docx_is_told_from_a_zip_by_its_entries():
    assert inspect_zip(io.BytesIO(docx()), len(docx()), LIMITS) == filetypes.DOCX
    plain = zip_bytes({"a.txt": b"hello"})
    assert inspect_zip(io.BytesIO(plain), len(plain), LIMITS) == filetypes.ZIP


def test_a_zip_bomb_is_refused_by_its_ratio():
    bomb = zip_bytes({"zeros": b"\0" * 5_000_000})
    with pytest.raises(ZipRefusedError, match="expands"):
        inspect_zip(io.BytesIO(bomb), len(bomb), LIMITS)


def test_a_zip_with_too_many_entries_is_refused():
    crowded = zip_bytes({f"{i}": b"x" for i in range(51)})
    with pytest.raises(ZipRefusedError, match="51 entries"):
        inspect_zip(io.BytesIO(crowded), len(crowded), LIMITS)
