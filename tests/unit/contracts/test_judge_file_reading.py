"""A judge file is read one way for the CLI and the console: every wrong line is named by
where it is, and a file that is no list of judges is refused by its name, never with a crash."""

from __future__ import annotations

from contracts.judge_files import read_judge_file

HEADER = "judge_id,name,email,country,languages\n"


def test_every_bad_line_of_a_csv_is_named_those_that_are_no_row_first():
    content = (
        HEADER + "j-1,Ana,not-an-address,CL,en\n"
        "j-2,Bo,bo@partner.example,SE,en,surplus\n"
        "j-3,Chen,chen@uni.example,Singapore,en\n"
    )

    read = read_judge_file("judges.csv", content.encode())

    assert read.judges == ()
    assert read.errors[0] == "line 3: more cells than the header's 5 columns"
    assert read.errors[1].startswith("line 2, column email: ")
    assert read.errors[2].startswith("line 4, column country: ")


def test_a_good_yaml_list_gives_its_judges_and_no_errors():
    content = "- {judge_id: j-1, name: Kim, email: kim@uni.example, country: KR}\n"

    read = read_judge_file("judges.yaml", content.encode())

    assert [judge.judge_id for judge in read.judges] == ["j-1"]
    assert read.errors == ()


def test_a_yaml_item_that_is_not_a_mapping_is_named_by_its_place():
    content = "judges:\n  - {judge_id: j-1, name: Kim, email: kim@uni.example, country: KR}\n"
    content += "  - x\n"

    read = read_judge_file("judges.yaml", content.encode())

    assert read.errors == ("judge 2: not a judge (a mapping of fields)",)


def test_a_file_that_is_no_list_of_judges_is_refused_by_its_name():
    assert read_judge_file("judges.yaml", b"42\n").errors == ("judges.yaml: not a list of judges",)
    [not_yaml] = read_judge_file("judges.yaml", b"[unclosed\n").errors
    assert not_yaml.startswith("judges.yaml: not YAML: ")
    assert read_judge_file("judges.csv", b"\xff\xfe").errors == ("judges.csv: not UTF-8 text",)
    assert read_judge_file("judges.csv", HEADER.encode()).errors == ("judges.csv lists no judge",)


def test_two_rows_for_one_person_name_both_lines_and_the_address():
    content = HEADER + "j-1,Lee,lee@uni.example,KR,en\nj-2,Lee S,LEE@uni.example,KR,en\n"

    read = read_judge_file("judges.csv", content.encode())

    assert read.errors == (
        "line 2 and line 3 are one person (lee@uni.example): keep one row per judge",
    )
