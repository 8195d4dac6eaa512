"""Staff import judges from CSV or YAML; a bad row is named with its field."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from cityprize.judge_files import read_judges
from cityprize.review_staff import pairs_option

HEADER = "judge_id,name,email,country,city,organisation,domains,expertise,languages,"
CSV = (
    HEADER + "min_load,max_load,pool\n"
    "j-1,Ana,ana@lab.example,CL,Santiago,Andes Lab,andes.example;lab.example,"
    "mobility;energy,en;ko,2,8,main\n"
    "j-2,Bo,bo@partner.example,SE,,,,,,,,partners\n"
)
YAML = """\
judges:
  - judge_id: j-3
    name: Chen
    email: chen@uni.example
    country: SG
    expertise: [safety]
    declared_conflicts: [s-42]
"""


def test_a_csv_row_becomes_a_judge_with_its_lists_and_loads(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_text(CSV)
    first, second = read_judges(path)
    assert first.domains == ("andes.example", "lab.example")
    assert first.expertise == ("mobility", "energy")
    assert first.languages == ("en", "ko")
    assert (first.min_load, first.max_load) == (2, 8)
    assert second.pool == "partners"
    assert second.languages == ("en",), "empty cells keep the defaults"


def test_a_yaml_list_of_judges_is_read_too(tmp_path: Path):
    path = tmp_path / "judges.yaml"
    path.write_text(YAML)
    [judge] = read_judges(path)
    assert judge.declared_conflicts == ("s-42",)


def test_a_bad_row_is_refused_with_its_line_and_column(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_text(CSV.replace("CL,Santiago", "Chile,Santiago"))
    with pytest.raises(typer.BadParameter, match=r"judges.csv line 2, column country: "):
        read_judges(path)


def test_a_csv_saved_as_csv_utf8_by_a_spreadsheet_starts_with_a_bom_and_is_read(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_bytes(b"\xef\xbb\xbf" + CSV.encode())
    first, second = read_judges(path)
    assert (first.judge_id, second.judge_id) == ("j-1", "j-2")


def test_a_korean_csv_with_a_bom_and_windows_line_ends_is_read(tmp_path: Path):
    path = tmp_path / "judges.csv"
    korean = CSV.replace("Ana,", "김민준,").replace("\n", "\r\n")
    path.write_bytes(korean.encode("utf-8-sig"))
    assert read_judges(path)[0].name == "김민준"


def test_a_bad_cell_further_down_names_its_line_and_header(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_bytes(("\ufeff" + CSV.replace("bo@partner.example", "not-an-address")).encode())
    with pytest.raises(typer.BadParameter, match=r"judges.csv line 3, column email: "):
        read_judges(path)


def test_a_row_short_of_a_required_cell_names_the_missing_column(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_text("judge_id,name,email,country\nj-9,Bo,bo@partner.example\n")
    with pytest.raises(typer.BadParameter, match=r"line 2, column country: Field required"):
        read_judges(path)


def test_a_row_with_more_cells_than_the_header_is_refused_with_its_line(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_text(CSV + "j-3,Chen,chen@uni.example,SG,,,,,,,,main,extra\n")
    with pytest.raises(typer.BadParameter, match=r"line 4: more cells than the header's 12"):
        read_judges(path)


def test_a_yaml_file_with_a_bom_is_read_too(tmp_path: Path):
    path = tmp_path / "judges.yaml"
    path.write_bytes(YAML.encode("utf-8-sig"))
    assert read_judges(path)[0].judge_id == "j-3"


def test_category_choices_are_read_from_options():
    assert pairs_option(["leadership=s-1, s-2", "tech-innovacity=s-3"]) == {
        "leadership": ("s-1", "s-2"),
        "tech-innovacity": ("s-3",),
    }
    with pytest.raises(typer.BadParameter):
        pairs_option(["leadership"])
