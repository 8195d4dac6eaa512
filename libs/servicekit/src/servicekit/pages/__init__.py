"""What the judge portal (review, `/judge/`) and the applicant pages (intake, `/apply/`)
share, kept once (house rule: "what services share lives in libs/, never copied"): the
base stylesheet and layout, the error partial, the catalogue-backed words and the render
helpers. Each service keeps its own pages, extra CSS rules and catalogues."""

from __future__ import annotations

from pathlib import Path

#: The package's static files (`base.css`), served under each surface's `/static/`.
STATIC_PACKAGE = ("servicekit.pages", "static")
#: Shared templates are named with this prefix: `{% extends "kit/base.html" %}`.
SHARED_PREFIX = "kit"
TEMPLATES = Path(__file__).parent / "templates"
