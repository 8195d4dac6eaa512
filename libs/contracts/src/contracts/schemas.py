"""JSON Schemas of every event and of the contest file, for people and tools outside Python.

`python -m contracts.schemas OUTDIR` (or `make schemas`) writes them; a test keeps the
committed copies in `docs/schemas/` equal to what the models say.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from contracts.contest import Contest
from contracts.envelope import Event
from contracts.events import ALL_EVENT_TYPES

SCHEMA_ID_PREFIX = "urn:cityprize:schema:"


def _render(schema: dict[str, Any]) -> str:
    # Sorted keys and a trailing newline keep regenerated files byte-identical in review diffs.
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _schema(model: type[BaseModel], name: str, title: str) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{SCHEMA_ID_PREFIX}{name}"
    schema["title"] = title
    return schema


def event_schema(event_type: type[Event]) -> dict[str, Any]:
    """The schema of one event, identified by its subject and schema version."""
    version = event_type.model_fields["schema_version"].default
    return _schema(event_type, f"{event_type.subject.value}:v{version}", event_type.subject.value)


def generate_schemas() -> dict[str, str]:
    """File name -> schema text: `<event_type>.json` per event, and `contest.json`."""
    files = {}
    for event_type in ALL_EVENT_TYPES:
        name = event_type.model_fields["event_type"].default
        files[f"{name}.json"] = _render(event_schema(event_type))
    files["contest.json"] = _render(_schema(Contest, "contest", "Contest file"))
    return dict(sorted(files.items()))


def write_schemas(outdir: Path) -> list[Path]:
    """Write every schema into `outdir`, dropping stale ones so removed events disappear."""
    outdir.mkdir(parents=True, exist_ok=True)
    files = generate_schemas()
    for stale in outdir.glob("*.json"):
        if stale.name not in files:
            stale.unlink()
    written = []
    for name, text in files.items():
        path = outdir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m contracts.schemas OUTDIR", file=sys.stderr)
        return 2
    for path in write_schemas(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
