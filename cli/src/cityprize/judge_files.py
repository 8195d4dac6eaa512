"""Judge files for `cityprize judges import` and `conflicts check --prospective`: CSV or
YAML into `contracts.review_commands.JudgeProfile`s, with a bad row named by where it is."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import typer
import yaml
from pydantic import ValidationError

from contracts.emails import same_addresses
from contracts.review_commands import JudgeProfile

LIST_FIELDS = ("domains", "expertise", "languages", "declared_conflicts")


def _row(raw: dict[str, Any]) -> dict[str, Any]:
    row = {k.strip(): v for k, v in raw.items() if k and v not in (None, "")}
    for name in LIST_FIELDS:
        if isinstance(row.get(name), str):
            row[name] = [part for part in row[name].replace(";", " ").split() if part]
    return row


def read_judges(path: Path) -> tuple[JudgeProfile, ...]:
    """Judges from CSV (list fields separated by `;`) or YAML (a list, or `judges:` list).

    A CSV may start with a byte-order mark ("CSV UTF-8" as spreadsheets save it); a bad row is
    named by its line and column: `judges.csv line 3, column email: ...`.
    """
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        rows = csv_rows(text, path.name)
    else:
        loaded = yaml.safe_load(text)
        listed = loaded.get("judges", []) if isinstance(loaded, dict) else loaded or []
        rows = [(f"judge {number}", raw) for number, raw in enumerate(listed, start=1)]
    profiles = []
    for where, raw in rows:
        try:
            profiles.append(JudgeProfile.model_validate(_row(raw)))
        except ValidationError as error:
            by_column = path.suffix.lower() == ".csv"
            raise typer.BadParameter(f"{path.name} {_described(error, where, by_column)}") from None
    if not profiles:
        raise typer.BadParameter(f"{path.name} lists no judge")
    refuse_one_person_twice(path.name, profiles, [where for where, _ in rows])
    return tuple(profiles)


def refuse_one_person_twice(name: str, profiles: list[JudgeProfile], where: list[str]) -> None:
    """Two rows with one address (`contracts.emails.email_key`) are one person: refused, with
    both rows named, so a judge never writes two reviews of one submission."""
    groups = same_addresses([str(p.email) for p in profiles])
    if groups:
        people = "; ".join(
            f"{' and '.join(where[i] for i in group)} are one person ({profiles[group[0]].email})"
            for group in groups
        )
        raise typer.BadParameter(f"{name}: {people}: keep one row per judge")


def csv_rows(text: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    """Each row with where it is (`line N`, the line its record ends on)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    try:
        for raw in reader:
            if None in raw:  # DictReader keeps a row's surplus cells under the key None
                header = len(reader.fieldnames or ())
                raise typer.BadParameter(
                    f"{name} line {reader.line_num}: more cells than the header's {header} columns"
                )
            rows.append((f"line {reader.line_num}", raw))
    except csv.Error as error:
        raise typer.BadParameter(f"{name} line {reader.line_num}: {error}") from None
    return rows


def _described(error: ValidationError, where: str, by_column: bool) -> str:
    """`line 3, column email: ...` for a CSV row (the column is the header's name), or
    `judge 2: languages.0: ...` for a YAML item."""
    if not by_column:
        return f"{where}: " + "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
        )
    return "; ".join(
        f"{where}, column {e['loc'][0]}: {e['msg']}" if e["loc"] else f"{where}: {e['msg']}"
        for e in error.errors()
    )
