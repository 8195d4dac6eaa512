"""Reading a contest file from disk, with errors staff can act on.

Kept apart from the model so that `contracts.contest` stays about what a contest is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails


class ContestFileError(Exception):
    """A contest file that cannot be read or is invalid; the message names every bad field."""

    def __init__(self, path: Path, problem: str, errors: list[ErrorDetails] | None = None) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.errors: list[ErrorDetails] = errors or []

    @classmethod
    def from_validation(cls, path: Path, exc: ValidationError) -> ContestFileError:
        errors = exc.errors(include_url=False)
        lines = [f"  {dotted(e['loc']) or '(top level)'}: {e['msg']}" for e in errors]
        problem = f"{len(errors)} invalid field(s)\n" + "\n".join(lines)
        return cls(path, problem, errors)


def dotted(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice, which plain YAML lets the last one win."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_contest_yaml(path: Path) -> dict[str, Any]:
    """The contest file's top-level mapping, as plain data for `Contest.model_validate`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContestFileError(path, f"cannot read the file: {exc}") from exc
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ContestFileError(path, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ContestFileError(path, "must be a YAML mapping of contest fields")
    return data
