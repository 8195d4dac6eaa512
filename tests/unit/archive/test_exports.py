"""Exports are written a row at a time from whatever the cursor yields."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any

from archive.exports import COLUMNS, csv_lines, json_lines


def record(n: int) -> dict[str, Any]:
    return {
        "contest_id": "c",
        "submission_id": f"s-{n}",
        "applicant_id": "a",
        "category": "k",
        "status": "ranked",
        "country": "KR",
        "city": 'Seoul, "Special" City',
        "organisation": "",
        "title": "Line\nbreak",
        "latest_version": 2,
        "peer_groups": ["region:asia-pacific"],
        "screening": {"outcome": "eligible"},
        "scores": [{"scores": {"x": 4.0, "y": 6.0}}],
        "decisions": [{"round": "panel", "kind": "ranked", "rank": n}],
    }


async def cursor(count: int) -> AsyncIterator[dict[str, Any]]:
    for n in range(count):
        yield record(n)


async def test_csv_rows_survive_quotes_commas_and_newlines():
    text = "".join([chunk async for chunk in csv_lines(cursor(3))])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[1]["city"] == 'Seoul, "Special" City'
    assert rows[1]["title"] == "Line\nbreak"
    assert rows[2]["mean_raw_score"] == "5.0000"
    assert rows[2]["decisions"] == "panel:ranked:2"


async def test_json_export_is_one_valid_array_even_when_empty():
    assert json.loads("".join([c async for c in json_lines(cursor(0))])) == []
    exported = json.loads("".join([c async for c in json_lines(cursor(2))]))
    assert [r["submission_id"] for r in exported] == ["s-0", "s-1"]
