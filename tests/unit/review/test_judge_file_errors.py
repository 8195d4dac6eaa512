"""`cityprize judges import` names every bad row of a file at once, after the file's name,
as the console's upload does, so staff fix the file in one go."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from cityprize.judge_files import read_judges


def test_every_bad_row_is_named_after_the_files_name(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_text(
        "judge_id,name,email,country\n"
        "j-1,Ana,not-an-address,CL\n"
        "j-2,Bo,bo@partner.example,SE\n"
        "j-3,Chen,chen@uni.example,Singapore\n"
    )

    with pytest.raises(typer.BadParameter) as refused:
        read_judges(path)

    message = str(refused.value)
    assert message.startswith("judges.csv line 2, column email: ")
    assert "; judges.csv line 4, column country: " in message


def test_a_file_that_is_not_text_is_refused_by_its_name(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_bytes(b"\xff\xfe")

    with pytest.raises(typer.BadParameter, match=r"^judges.csv: not UTF-8 text$"):
        read_judges(path)
