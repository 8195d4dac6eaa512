"""The house stays readable: no production module over 250 lines, no function over 60.

Issue 15's measure, held by a test so that it stays true. Production code is what ships:
`services/`, `libs/` and `cli/` (their `src/` trees); tests are measured by review, not here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MOST_LINES_PER_FILE = 250
MOST_LINES_PER_FUNCTION = 60


def production_modules() -> list[Path]:
    trees = [*ROOT.glob("services/*/src"), *ROOT.glob("libs/*/src"), ROOT / "cli" / "src"]
    return sorted(path for tree in trees for path in tree.rglob("*.py"))


def test_the_measure_sees_every_service_and_library() -> None:
    packages = {path.relative_to(ROOT).parts[:2] for path in production_modules()}
    assert {("services", "intake"), ("services", "review"), ("libs", "servicekit")} <= packages
    assert ("cli", "src") in packages


def test_no_production_module_is_over_250_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in production_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES_PER_FILE
    }
    assert long == {}


def test_no_production_function_is_over_60_lines() -> None:
    long = {}
    for path in production_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MOST_LINES_PER_FUNCTION:
                    long[f"{path.relative_to(ROOT)}::{node.name}"] = lines
    assert long == {}
