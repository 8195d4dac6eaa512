"""A judge file uploaded by staff, read as the CLI reads it (`cityprize judges import`): CSV
(list fields separated by `;` or spaces, "CSV UTF-8" byte-order mark allowed) or YAML (a
list, or a `judges:` list). Unlike the CLI, every bad line is reported, not only the first,
so staff fix the file once."""

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
    judges: tuple[JudgeProfile, ...]
    errors: tuple[str, ...]


def _cleaned(raw: Mapping[str, Any]) -> dict[str, Any]:
    row = {k.strip(): v for k, v in raw.items() if k and v not in (None, "")}
    for name in LIST_FIELDS:
        if isinstance(row.get(name), str):
            row[name] = [part for part in row[name].replace(";", " ").split() if part]
    return row


def _rows(text: str, is_csv: bool) -> tuple[list[tuple[str, Any]], list[str]]:
    if not is_csv:
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as error:
            return [], [f"not YAML: {error}"]
        listed = loaded.get("judges", []) if isinstance(loaded, dict) else loaded or []
        return [(f"judge {n}", raw) for n, raw in enumerate(listed, start=1)], []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows, errors = [], []
    try:
        for raw in reader:
            where = f"line {reader.line_num}"
            if None in raw:  # DictReader keeps a row's surplus cells under the key None
                errors.append(f"{where}: more cells than the header's columns")
            else:
                rows.append((where, raw))
    except csv.Error as error:
        errors.append(f"line {reader.line_num}: {error}")
    return rows, errors


def read_judge_file(name: str, content: bytes) -> JudgeFile:
    """The judges of a file, and every line that is wrong (`line 3, column email: ...`)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return JudgeFile((), (f"{name}: not UTF-8 text",))
    rows, errors = _rows(text, name.lower().endswith(".csv"))
    judges, where = [], []
    for place, raw in rows:
        if not isinstance(raw, Mapping):
            errors.append(f"{place}: not a judge (a mapping of fields)")
            continue
        try:
            judges.append(JudgeProfile.model_validate(_cleaned(raw)))
            where.append(place)
        except ValidationError as error:
            errors.extend(
                f"{place}, column {'.'.join(map(str, e['loc']))}: {e['msg']}"
                for e in error.errors()
            )
    for group in same_addresses([str(judge.email) for judge in judges]):
        errors.append(f"{' and '.join(where[i] for i in group)} are one person: keep one row")
    if not judges and not errors:
        errors.append(f"{name} lists no judge")
    return JudgeFile(tuple(judges), tuple(errors))
