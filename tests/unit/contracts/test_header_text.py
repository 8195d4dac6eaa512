"""Text bound for an email header refuses the characters that could break or disguise one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from contracts.contest import ContestFileError, load_contest
from contracts.header_text import header_text_problem


@pytest.mark.parametrize(
    ("text", "character"),
    [
        ("Ana\r\nBcc: spy@evil.example", "U+000D"),
        ("tab\there", "U+0009"),
        ("\ufeffBOM first", "U+FEFF"),
        ("right\u202eto left", "U+202E"),
        ("isolate \u2067x\u2069", "U+2067"),
        ("line\u2028separator", "U+2028"),
        ("soft\u00adhyphen", "U+00AD"),
        ("next line\x85", "U+0085"),
    ],
)
def test_each_character_that_would_break_or_disguise_a_header_is_named(text: str, character: str):
    assert header_text_problem(text) == f"contains the control character {character}"


@pytest.mark.parametrize(
    "text",
    ["시민 참여형 데이터 개방 사업", "São Paulo — Ação", "👩\u200d💻 coders", "می\u200cخواهم", ""],
)
def test_korean_accents_dashes_and_joiners_are_fine(text: str):
    assert header_text_problem(text) is None


def test_a_contest_name_with_a_line_break_is_refused_as_it_is_in_every_subject(
    contest_data: dict[str, Any], write_contest: Callable[[dict[str, Any]], Path]
):
    contest_data["name"] = "Seoul Smart City Prize\n2027"
    with pytest.raises(ContestFileError, match=r"name: contains the control character U\+000A"):
        load_contest(write_contest(contest_data))
