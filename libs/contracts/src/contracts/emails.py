"""When two e-mail addresses, or an address and a domain, are one identity.

    email_key("Kim.Minjun@Mail.Example") == email_key("kim.minjun@mail.example")
    domain_key("부산.example") == domain_key("XN--OR3BI2D.example") == "xn--or3bi2d.example"
    covers("andes.example", email_domain("pm@smartcity.andes.example"))     # True: a subdomain

Domains compare as DNS does: case-insensitively, and after IDNA (UTS #46) mapping, so a
Unicode domain and its punycode are one. RFC 5321 §2.4 lets a mail server treat the local part
case-sensitively, but no real server gives `Kim` and `kim` to two people: for conflicts of
interest and de-duplication the local part compares after NFKC and case folding too.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

import idna

DEFAULT_PUBLIC_MAIL_DOMAINS: tuple[str, ...] = (
    "126.com", "163.com", "aol.com", "daum.net", "gmail.com", "gmx.com", "gmx.de",
    "googlemail.com", "hanmail.net", "hotmail.com", "icloud.com", "kakao.com", "live.com",
    "mail.ru", "me.com", "msn.com", "naver.com", "nate.com", "outlook.com", "proton.me",
    "protonmail.com", "qq.com", "web.de", "yahoo.co.jp", "yahoo.com", "yandex.ru",
)  # fmt: skip
"""Mail providers shared by strangers: writing from one says nothing about an organisation.
Contests replace the list in `conflict_rules.public_mail_domains`."""


# Conflict detection asks for the same few domains once per judge and submission pair: IDNA
# mapping costs tens of microseconds, a cache hit well under one.
@functools.lru_cache(maxsize=65_536)
def domain_key(domain: str) -> str:
    """The ASCII (punycode), lower-case form of a domain, without `@` or a trailing dot.
    A name IDNA refuses (e.g. an underscore label) is kept NFKC case-folded instead."""
    bare = domain.strip().lstrip("@").rstrip(".")
    try:
        return idna.encode(bare, uts46=True).decode("ascii")
    except idna.IDNAError:
        return unicodedata.normalize("NFKC", bare).casefold()


@functools.lru_cache(maxsize=65_536)
def email_key(address: str) -> str:
    """`local@domain` with the local part NFKC case-folded and the domain as `domain_key`."""
    local, _, domain = address.strip().rpartition("@")
    return f"{unicodedata.normalize('NFKC', local).casefold()}@{domain_key(domain)}"


@functools.lru_cache(maxsize=65_536)
def email_domain(address: str) -> str:
    """The `domain_key` of an address's domain."""
    return domain_key(address.strip().rpartition("@")[2])


def covers(root: str, domain: str) -> bool:
    """Whether `domain` is `root` or one of its subdomains; both given as `domain_key`s."""
    return bool(root) and (domain == root or domain.endswith("." + root))


def is_public(domain: str, providers: tuple[str, ...]) -> bool:
    """Whether `domain` belongs to one of the public mail `providers` (subdomains included)."""
    labels = domain_key(domain).split(".")
    known = _provider_keys(providers)
    return any(".".join(labels[i:]) in known for i in range(len(labels)))


@functools.lru_cache(maxsize=64)
def _provider_keys(providers: tuple[str, ...]) -> frozenset[str]:
    return frozenset(domain_key(p) for p in providers)


def same_addresses(addresses: Sequence[str]) -> list[tuple[int, ...]]:
    """Groups of positions (0-based, ascending) whose addresses are one `email_key`; only
    groups of two or more, in the order of their first position."""
    groups: dict[str, list[int]] = {}
    for position, address in enumerate(addresses):
        groups.setdefault(email_key(address), []).append(position)
    return [tuple(group) for group in groups.values() if len(group) > 1]
