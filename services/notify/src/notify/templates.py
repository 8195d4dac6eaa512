"""Jinja2 templates per language, with per-contest overrides searched before the defaults.

Each email is three templates, `<name>.subject.txt`, `<name>.txt` and `<name>.html`, found
under `<contest id>/<lang>/` first (in `templates_dir`, then the packaged folder), then under
`default/<lang>/`, then in English. HTML is autoescaped; the plain-text part and the subject
are not HTML, so escaping them would only garble an applicant's `&` or `<`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape

from notify.domain.mail import Rendered

PACKAGED = Path(__file__).parent / "templates"
FALLBACK_LANGUAGE = "en"


class Renderer:
    def __init__(self, extra_dir: str | Path | None = None) -> None:
        search = [Path(extra_dir)] if extra_dir else []
        self.env = Environment(
            loader=FileSystemLoader([*search, PACKAGED]),
            autoescape=select_autoescape(
                enabled_extensions=("html",), disabled_extensions=("txt",), default=True
            ),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # A layout or partial (`extends`, `include`) is not checked for a newer file at
            # each render (three file stats per receipt): as for the templates kept below, a
            # change is read at the next start.
            auto_reload=False,
        )
        # Looked up once per contest, language and file: a lookup walks the search path and
        # checks each file's age, which cost as much as rendering. A changed template is
        # read on the next start.
        self._found: dict[tuple[str, str, str], Template] = {}

    def _part(
        self, contest_id: str, language: str, name: str, part: str, context: Mapping[str, Any]
    ) -> str:
        file = f"{name}.{part}"
        found = self._found.get((contest_id, language, file))
        if found is None:
            found = self.env.select_template(
                [
                    f"{contest_id}/{language}/{file}",
                    f"default/{language}/{file}",
                    f"{contest_id}/{FALLBACK_LANGUAGE}/{file}",
                    f"default/{FALLBACK_LANGUAGE}/{file}",
                ]
            )
            self._found[(contest_id, language, file)] = found
        return found.render(context)

    def render(
        self, contest_id: str, language: str, name: str, context: Mapping[str, Any]
    ) -> Rendered:
        return Rendered(
            subject=self._part(contest_id, language, name, "subject.txt", context).strip(),
            text=self._part(contest_id, language, name, "txt", context),
            html=self._part(contest_id, language, name, "html", context),
        )
