"""Exports that stream: one row at a time from a database cursor, never the whole set in memory."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from archive.domain.cells import inert

COLUMNS = (
    "contest_id",
    "submission_id",
    "applicant_id",
    "category",
    "status",
    "country",
    "city",
    "organisation",
    "title",
    "latest_version",
    "peer_groups",
    "screening",
    "reviews",
    "mean_raw_score",
    "decisions",
)


def export_row(record: dict[str, Any]) -> list[str]:
    scores = [sum(s["scores"].values()) / len(s["scores"]) for s in record["scores"] if s["scores"]]
    decisions = [f"{d['round']}:{d['kind']}:{d.get('rank', '')}" for d in record["decisions"]]
    screening = record.get("screening") or {}
    values = {
        **record,
        "peer_groups": ";".join(record["peer_groups"]),
        "screening": screening.get("outcome") or "",
        "reviews": len(record["scores"]),
        "mean_raw_score": f"{sum(scores) / len(scores):.4f}" if scores else "",
        "decisions": ";".join(decisions),
    }
    return [inert("" if values.get(column) is None else str(values[column])) for column in COLUMNS]


async def csv_lines(
    records: AsyncIterable[dict[str, Any]], *, bom: bool = False
) -> AsyncIterator[str]:
    """The CSV export, each cell made inert for spreadsheets (`archive.domain.cells`).

    With `bom`, the text starts with U+FEFF: Excel reads a CSV without it in the machine's
    legacy code page, which garbles Korean.
    """
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    # RFC 4180 line ends: with "\n" alone, a cell holding a bare "\r" would go unquoted.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    async for record in records:
        writer.writerow(export_row(record))
        if buffer.tell() > 64 * 1024:
            yield _take(buffer)
    yield _take(buffer)


async def json_lines(records: AsyncIterable[dict[str, Any]]) -> AsyncIterator[str]:
    """A JSON array, written an element at a time."""
    yield "["
    separator = ""
    async for record in records:
        yield separator + json.dumps(record, ensure_ascii=False, default=str)
        separator = ","
    yield "]\n"


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
