"""One version for the whole workspace: every member declares it, and the CLI and every
service's traces say it."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from opentelemetry.sdk.resources import SERVICE_VERSION

from servicekit.telemetry import create_telemetry
from servicekit.version import VERSION

ROOT = Path(__file__).resolve().parents[3]
PYPROJECTS = sorted(
    [
        ROOT / "pyproject.toml",
        *ROOT.glob("libs/*/pyproject.toml"),
        *ROOT.glob("services/*/pyproject.toml"),
        ROOT / "cli" / "pyproject.toml",
    ]
)


def project(path: Path) -> dict[str, object]:
    table: dict[str, object] = tomllib.loads(path.read_text())["project"]
    return table


def test_the_workspace_has_nine_projects_each_at_the_one_version():
    assert len(PYPROJECTS) == 9  # the workspace, two libs, five services, the CLI
    versions = {str(path.relative_to(ROOT)): project(path)["version"] for path in PYPROJECTS}
    assert set(versions.values()) == {VERSION}, versions


def test_the_changelogs_newest_release_is_the_workspace_version():
    releases = re.findall(r"^## \[(\d[^\]]*)\]", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert releases, "CHANGELOG.md names no release"
    assert releases[0] == VERSION


def test_every_project_is_licensed_apache_2_0():
    for path in PYPROJECTS:
        assert project(path)["license"] == "Apache-2.0", path


def test_cityprize_version_prints_the_workspace_version():
    cli = Path(sys.executable).parent / "cityprize"
    answer = subprocess.run([str(cli), "--version"], capture_output=True, text=True, timeout=60)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.strip() == f"cityprize {VERSION}"


def test_every_span_of_a_service_says_which_version_made_it():
    telemetry = create_telemetry("review")
    try:
        attributes = telemetry.tracer_provider.resource.attributes
        assert attributes[SERVICE_VERSION] == VERSION
        assert attributes["service.name"] == "review"
    finally:
        telemetry.shutdown()
