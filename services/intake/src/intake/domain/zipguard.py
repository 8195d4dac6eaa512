"""Zip-bomb guards, read through a seekable reader: nothing is extracted to disk."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from intake.domain.filetypes import ooxml_type

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ZipLimitsView:
    max_uncompressed_bytes: int
    max_compression_ratio: float
    max_entries: int


class ZipRefusedError(ValueError):
    """The archive is unreadable or over a limit; the message says which."""


def inspect_zip(source: IO[bytes], compressed_size: int, limits: ZipLimitsView) -> str:
    """The archive's precise type (zip, docx, pptx) once every guard has passed.

    Declared sizes can lie, so every entry is decompressed in memory chunks and counted,
    stopping as soon as the total or the ratio passes its limit.
    """
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ZipRefusedError(f"not a readable ZIP archive ({error})") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_entries:
            raise ZipRefusedError(f"{len(entries)} entries, more than {limits.max_entries}")
        budget = min(
            limits.max_uncompressed_bytes,
            int(max(compressed_size, 1) * limits.max_compression_ratio),
        )
        declared = sum(entry.file_size for entry in entries)
        if declared > budget:
            raise ZipRefusedError(_over(declared, budget, limits))
        total = 0
        try:
            for entry in entries:
                with archive.open(entry) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > budget:
                            raise ZipRefusedError(_over(total, budget, limits))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
            raise ZipRefusedError(f"an entry cannot be read ({error})") from None
        return ooxml_type(entry.filename for entry in entries)


def _over(size: int, budget: int, limits: ZipLimitsView) -> str:
    return (
        f"expands to more than {budget} bytes (limits: {limits.max_uncompressed_bytes} bytes, "
        f"ratio {limits.max_compression_ratio:g})"
    )
