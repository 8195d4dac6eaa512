"""The import rules in pyproject.toml (`[tool.importlinter]`) hold for the house, and each one
breaks when a module crosses it — checked on a small stand-in house with the same package
names, so the rules cannot pass by matching nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
RULES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
# Read from the rules, so that a package added to them (a new service) is in the stand-in too.
PACKAGES: list[str] = RULES["root_packages"]
DOMAINS = [
    module.removesuffix(".domain")
    for contract in RULES["contracts"]
    if contract["id"] == "domain-imports-no-io"
    for module in contract["source_modules"]
]
INDEPENDENT = "the services never import each other"
CLI = "the CLI imports no service"
CONTRACTS = "contracts import nothing of ours"
DOMAIN = "every service's domain package imports no I/O library"
SHIPPED = "no shipped package imports the test support"


def lint_imports(cwd: Path, *, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        # Ahead of the installed workspace, so the stand-in packages are the ones analysed.
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def stand_in_house(root: Path) -> None:
    """Our top-level packages, each service with a `domain` package, all obeying the rules."""
    for name in PACKAGES:
        (root / name).mkdir()
        (root / name / "__init__.py").write_text("")
    for name in DOMAINS:
        (root / name / "domain").mkdir()
        (root / name / "domain" / "__init__.py").write_text("import contracts\n")
        (root / name / "handlers.py").write_text("import faststream\nimport servicekit\n")
    (root / "cityprize" / "main.py").write_text("import contracts\nimport servicekit\n")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")


def test_the_house_keeps_every_import_rule():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken." in result.stdout


def test_a_stand_in_house_that_obeys_the_rules_keeps_them(tmp_path: Path):
    stand_in_house(tmp_path)

    result = lint_imports(tmp_path, pythonpath=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "imports", "broken"),
    [
        ("review/handlers.py", "import intake\n", INDEPENDENT),
        ("archive/queries.py", "from notify import domain\n", INDEPENDENT),
        ("cityprize/review_cli.py", "import review\n", CLI),
        ("contracts/events.py", "import servicekit\n", CONTRACTS),
        ("contracts/subjects.py", "import cityprize\n", CONTRACTS),
        ("review/domain/scoring.py", "import faststream\n", DOMAIN),
        ("notify/domain/letters.py", "import aiosmtplib\n", DOMAIN),
        ("archive/domain/fold.py", "from motor.motor_asyncio import AsyncIOMotorClient\n", DOMAIN),
        ("intake/domain/files.py", "import minio\n", DOMAIN),
        ("servicekit/broker.py", "from tests.support.waiting import eventually\n", SHIPPED),
        ("review/handlers.py", "import pytest\n", SHIPPED),
    ],
)
def test_an_import_across_a_rule_breaks_that_rule(
    tmp_path: Path, module: str, imports: str, broken: str
):
    stand_in_house(tmp_path)
    (tmp_path / module).write_text(imports)

    result = lint_imports(tmp_path, pythonpath=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken} BROKEN" in result.stdout
    assert "Contracts: 4 kept, 1 broken." in result.stdout
