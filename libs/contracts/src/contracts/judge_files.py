"""A judge file as staff keep one, read into `JudgeProfile`s: the one reading that the CLI
(`cityprize judges import`) and the staff console's upload share, so a file one accepts the
other accepts too.

CSV (list cells separated by `;` or spaces; the "CSV UTF-8" byte-order mark a spreadsheet
writes is allowed) or YAML (a list, or a `judges:` list). Every wrong line is named by where
it is, lines that are no row first, then rows the model refuses: `line 3, column email: ...`
(a CSV record by the line it ends on) or `judge 2, column languages.0: ...` (a YAML item); a
problem of the whole file starts with the file's name (`judges.csv lists no judge`).
Pure: bytes in, judges and problems out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import ValidationError

from contracts.emails import same_addresses
from contracts.review_commands import JudgeProfile

LIST_FIELDS = ("domains", "expertise", "languages", "declared_conflicts")


@dataclass(frozen=True)
class JudgeFile:
    """The judges a file lists, and what is wrong with it (empty when it can be imported)."""

    judges: tuple[JudgeProfile, ...]
    errors: tuple[str, ...]


def read_judge_file(name: str, content: bytes) -> JudgeFile:
    """The judges of the file called `name` (`.csv` is CSV, anything else YAML), and every
    line that is wrong; two rows with one address (`contracts.emails.email_key`) are one
    person, refused with both rows named, so a judge never writes two reviews of one case."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return JudgeFile((), (f"{name}: not UTF-8 text",))
    rows, errors = _csv_rows(text) if name.lower().endswith(".csv") else _yaml_rows(name, text)
    judges: list[JudgeProfile] = []
    where: list[str] = []
    for place, raw in rows:
        if not isinstance(raw, Mapping):
            errors.append(f"{place}: not a judge (a mapping of fields)")
            continue
        try:
            judges.append(JudgeProfile.model_validate(_cleaned(raw)))
            where.append(place)
        except ValidationError as error:
            errors.extend(_described(place, e["loc"], e["msg"]) for e in error.errors())
    errors.extend(
        f"{' and '.join(where[i] for i in group)} are one person ({judges[group[0]].email}):"
        " keep one row per judge"
        for group in same_addresses([str(judge.email) for judge in judges])
    )
    if not judges and not errors:
        errors.append(f"{name} lists no judge")
    return JudgeFile(tuple(judges), tuple(errors))


def _described(place: str, loc: tuple[int | str, ...], message: str) -> str:
    """`line 3, column email: ...` (the header's name, or a YAML field's path), or
    `line 3: ...` for what is wrong with the row as a whole (its loads, say)."""
    return f"{place}, column {'.'.join(map(str, loc))}: {message}" if loc else f"{place}: {message}"


def _cleaned(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Empty cells dropped (so the model's defaults hold) and list cells split."""
    row = {k.strip(): v for k, v in raw.items() if k and v not in (None, "")}
    for name in LIST_FIELDS:
        if isinstance(row.get(name), str):
            row[name] = [part for part in row[name].replace(";", " ").split() if part]
    return row


def _yaml_rows(name: str, text: str) -> tuple[list[tuple[str, Any]], list[str]]:
    """Each item with where it is (`judge N`), or why the file is no list of judges."""
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as error:
        return [], [f"{name}: not YAML: {error}"]
    listed = loaded.get("judges", []) if isinstance(loaded, dict) else loaded or []
    if not isinstance(listed, list):
        return [], [f"{name}: not a list of judges"]
    return [(f"judge {n}", raw) for n, raw in enumerate(listed, start=1)], []


def _csv_rows(text: str) -> tuple[list[tuple[str, Any]], list[str]]:
    """Each row with where it is (`line N`), and the lines that are not rows at all."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[tuple[str, Any]] = []
    errors: list[str] = []
    try:
        for raw in reader:
            where = f"line {reader.line_num}"
            if None in raw:  # DictReader keeps a row's surplus cells under the key None
                header = len(reader.fieldnames or ())
                errors.append(f"{where}: more cells than the header's {header} columns")
            else:
                rows.append((where, raw))
    except csv.Error as error:
        errors.append(f"line {reader.line_num}: {error}")
    return rows, errors
