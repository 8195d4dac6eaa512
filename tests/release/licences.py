"""Which licence each locked dependency declares, read from its installed metadata.

The rule (docs/third-party.md): every package in `uv.lock` has a licence on the allow-list
(`docs/licence-allow-list.toml`) or an entry in docs/third-party.md. A package's licence is
read, in this order, from its `License-Expression` (PEP 639, SPDX), its `License` field when
that is an SPDX identifier (or a known alias of one), its licence classifiers, then the
`License` field as free text; the first that says something decides.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import Message
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

from license_expression import (  # type: ignore[import-untyped]
    AND,
    OR,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    get_spdx_licensing,
)

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "uv.lock"
ALLOW_LIST = ROOT / "docs" / "licence-allow-list.toml"
THIRD_PARTY = ROOT / "docs" / "third-party.md"
EXCEPTIONS_HEADING = "## Dependencies outside the allow-list"
_SPDX = get_spdx_licensing()


@dataclass(frozen=True)
class AllowList:
    spdx: frozenset[str]
    classifiers: Mapping[str, str]  # classifier -> the licence it names
    ignored_classifiers: frozenset[str]
    aliases: Mapping[str, str]  # free-text License field -> SPDX identifier

    @classmethod
    def load(cls, path: Path = ALLOW_LIST) -> AllowList:
        data = tomllib.loads(path.read_text())
        return cls(
            spdx=frozenset(data["spdx"]),
            classifiers=data["classifiers"],
            ignored_classifiers=frozenset(data["ignored"]["classifiers"]),
            aliases=data["aliases"],
        )


@dataclass(frozen=True)
class Declared:
    """A package's licence as it declares it; `spdx` when `licence` is an SPDX expression."""

    package: str
    licence: str | None
    source: str  # "License-Expression", "classifier", "License", "nothing", "not installed"
    spdx: bool
    allowed: bool


def locked_packages(lock: Path = LOCK) -> list[str]:
    """Every third-party package in the lock, once (workspace members are ours)."""
    packages = tomllib.loads(lock.read_text())["package"]
    ours = ("editable", "virtual")
    return sorted({p["name"] for p in packages if not set(p.get("source", {})) & set(ours)})


def expression_allowed(expression: str, allow: AllowList) -> bool:
    """An SPDX expression is allowed when every licence it requires is: AND needs all its
    parts, OR any one of them. An unparsable expression is not allowed."""
    try:
        parsed = _SPDX.parse(expression, validate=True)
    except Exception:  # the library raises several unrelated types for a bad expression
        return False
    return _allowed(parsed, allow)


def _allowed(node: object, allow: AllowList) -> bool:
    if isinstance(node, AND):
        return all(_allowed(arg, allow) for arg in node.args)
    if isinstance(node, OR):
        return any(_allowed(arg, allow) for arg in node.args)
    if isinstance(node, LicenseWithExceptionSymbol):
        return False  # an exception changes the terms: a human reads it
    return isinstance(node, LicenseSymbol) and node.key in allow.spdx


def _spdx_of(text: str, allow: AllowList) -> str | None:
    text = allow.aliases.get(text, text)
    try:
        info = _SPDX.validate(text)
    except Exception:  # prose (a copyright line) can make the validator itself fail
        return None
    return None if info.errors else str(info.normalized_expression)


def declared_licence(package: str, allow: AllowList) -> Declared:
    """What the installed distribution of `package` declares, and whether it is allowed."""
    try:
        meta: Message = metadata(package)  # type: ignore[assignment]
    except PackageNotFoundError:
        return Declared(package, None, "not installed", spdx=False, allowed=False)
    if expression := meta.get("License-Expression"):
        allowed = expression_allowed(expression, allow)
        return Declared(package, expression, "License-Expression", spdx=True, allowed=allowed)
    text = next(iter((meta.get("License") or "").strip().splitlines()), "")
    if text and (spdx := _spdx_of(text, allow)):
        allowed = expression_allowed(spdx, allow)
        return Declared(package, spdx, "License", spdx=True, allowed=allowed)
    if classified := _from_classifiers(package, meta.get_all("Classifier") or [], allow):
        return classified
    if text and text != "UNKNOWN":
        return Declared(package, text[:80], "License", spdx=False, allowed=False)
    return Declared(package, None, "nothing", spdx=False, allowed=False)


def _from_classifiers(package: str, classifiers: list[str], allow: AllowList) -> Declared | None:
    tails = [
        tail
        for classifier in classifiers
        if classifier.startswith("License ::")
        and (tail := classifier.rsplit(" :: ", 1)[-1]) not in allow.ignored_classifiers
    ]
    if not tails:
        return None
    named = [allow.classifiers.get(tail, tail) for tail in tails]
    is_spdx = all(_spdx_of(name, allow) == name for name in named)
    allowed = all(tail in allow.classifiers for tail in tails)
    return Declared(package, " AND ".join(named), "classifier", spdx=is_spdx, allowed=allowed)


def documented_exceptions(third_party: Path = THIRD_PARTY) -> set[str]:
    """Package names in the first column of the table under EXCEPTIONS_HEADING."""
    text = third_party.read_text()
    section = text.split(EXCEPTIONS_HEADING, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE))


def undocumented(declared: Iterable[Declared], exceptions: set[str]) -> list[Declared]:
    """The packages that break the rule: outside the allow-list and not documented."""
    return [d for d in declared if not d.allowed and d.package not in exceptions]
