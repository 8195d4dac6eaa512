"""Words from per-language JSON catalogues (`<folder>/<lang>.json`, a message id to text
with `{name}` placeholders), never from code. A missing id in Korean falls back to
English, so a page never shows a bare id."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import ClassVar

LANGUAGES = ("en", "ko")


@cache
def load_catalogue(folder: Path, language: str) -> Mapping[str, str]:
    """The catalogue of `language` in `folder`; read once. Raises `FileNotFoundError`."""
    loaded: dict[str, str] = json.loads((folder / f"{language}.json").read_text("utf-8"))
    return loaded


class CatalogueWords:
    """`words("key", name=...)` in one language; the templates call it `t`.

    A subclass names its catalogue folder in `folder`."""

    folder: ClassVar[Path]

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else "en"

    def __call__(self, key: str, **values: object) -> str:
        own = load_catalogue(self.folder, self.language).get(key)
        text = own or load_catalogue(self.folder, "en").get(key, key)
        return text.format(**values) if values else text

    def named(self, kind: str, slug: str) -> str:
        """The catalogue's name for a slug ("round.panel" → "Expert panel"), else the slug."""
        key = f"{kind}.{slug}"
        found = self(key)
        return slug if found == key else found
