"""A judge file lists each person once: two rows with one address are refused by line."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from cityprize.judge_files import read_judges

HEADER = "judge_id,name,email,country\n"


def test_two_csv_rows_for_one_address_in_another_case_are_refused_with_both_lines(
    tmp_path: Path,
):
    path = tmp_path / "judges.csv"
    path.write_text(
        HEADER + "j-1,Lee Sora,Lee.Sora@Uni-Busan.example,KR\n"
        "j-2,Chen,chen@uni.example,SG\n"
        "j-3,Sora Lee,lee.sora@uni-busan.example,KR\n"
    )
    with pytest.raises(typer.BadParameter, match=r"line 2 and line 4 are one person"):
        read_judges(path)


def test_a_korean_domain_and_its_punycode_are_one_address_in_a_yaml_file(tmp_path: Path):
    path = tmp_path / "judges.yaml"
    path.write_text(
        "judges:\n"
        "  - {judge_id: j-1, name: Kim, email: kim@부산.example, country: KR}\n"
        "  - {judge_id: j-2, name: Kim, email: KIM@xn--or3bi2d.example, country: KR}\n"
    )
    with pytest.raises(typer.BadParameter, match=r"judge 1 and judge 2 are one person"):
        read_judges(path)


def test_different_people_of_one_organisation_are_all_kept(tmp_path: Path):
    path = tmp_path / "judges.csv"
    path.write_text(HEADER + "j-1,Lee,lee@uni.example,KR\nj-2,Kim,kim@uni.example,KR\n")
    assert [j.judge_id for j in read_judges(path)] == ["j-1", "j-2"]
