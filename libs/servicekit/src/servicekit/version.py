"""The one version of the whole workspace.

Every member's `pyproject.toml` declares the same version (a test checks they agree); at run
time it is read once from the installed `cityprize-servicekit` metadata, which every service
and the CLI depend on, so no second copy of the number lives in the code.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Final

DISTRIBUTION: Final = "cityprize-servicekit"
VERSION: Final = version(DISTRIBUTION)
