"""Judge files for `cityprize judges import` and `conflicts check --prospective`: read as the
staff console reads an upload (`contracts.judge_files`), every bad row named by where it is."""

from __future__ import annotations

from pathlib import Path

import typer

from contracts.judge_files import read_judge_file
from contracts.review_commands import JudgeProfile


def read_judges(path: Path) -> tuple[JudgeProfile, ...]:
    """Judges from CSV (list fields separated by `;`) or YAML (a list, or `judges:` list).

    A CSV may start with a byte-order mark ("CSV UTF-8" as spreadsheets save it); a bad row is
    named by its line and column: `judges.csv line 3, column email: ...`, every bad row at once.
    """
    read = read_judge_file(path.name, path.read_bytes())
    if read.errors:
        # A problem of the whole file already starts with its name; a row's starts with where.
        named = (e if e.startswith(path.name) else f"{path.name} {e}" for e in read.errors)
        raise typer.BadParameter("; ".join(named))
    return read.judges
