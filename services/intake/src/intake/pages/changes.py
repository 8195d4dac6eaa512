"""What changed between two versions of an application: the form fields (dotted paths,
as the API names them) and the files, by name and content (sha256). Pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contracts.envelope import StoredFile


def _flat(document: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in document.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{path}."))
        else:
            flat[path] = value
    return flat


@dataclass(frozen=True)
class Changes:
    fields: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]


def changes(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    before_files: Sequence[StoredFile],
    after_files: Sequence[StoredFile],
) -> Changes:
    """Fields whose value differs, in the order of the newer form; a file replaced by one of
    the same name but other bytes is both removed and added."""
    old, new = _flat(before), _flat(after)
    fields = tuple(p for p in {**new, **old} if old.get(p) != new.get(p))
    was = {(f.name, f.sha256) for f in before_files}
    now = {(f.name, f.sha256) for f in after_files}
    return Changes(
        fields=fields,
        added=tuple(f.name for f in after_files if (f.name, f.sha256) not in was),
        removed=tuple(f.name for f in before_files if (f.name, f.sha256) not in now),
    )
