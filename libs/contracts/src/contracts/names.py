"""How names that decide a cap, a conflict or "the same project" are compared.

    name_key("Seoul\u200b") == name_key("ＳＥＯＵＬ") == name_key(" seoul ")   # one city
    imitating_words("Sеoul")            # ("Sеoul",): a Cyrillic е among Latin letters

Intake (per-city cap) and review (screening, conflicts) both call these, so a name is the same
name on both sides. The rules follow Unicode: UAX #15 (NFKC), the Unicode Standard §3.13
(case folding), the derived property Default_Ignorable_Code_Point (invisible characters such
as ZERO WIDTH SPACE, WORD JOINER, SOFT HYPHEN) and UTS #39 (mixed-script confusables).
"""

from __future__ import annotations

import functools
import unicodedata

import regex
from confusable_homoglyphs import confusables

_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}+")
_SPACES = regex.compile(r"\s+")


@functools.lru_cache(maxsize=65_536)  # screening and conflicts compare the same names often
def name_key(name: str) -> str:
    """The comparison form of a name: NFKC, case-folded, invisible characters removed and
    whitespace collapsed to one space and trimmed. Two names are one name when their keys are
    equal. Ignorables are removed before NFKC too, so none can split a composition."""
    text = _IGNORABLE.sub("", name)
    text = unicodedata.normalize("NFKC", text).casefold()
    # Case folding can yield new compatibility forms (e.g. U+0130 → i + U+0307): fold again.
    text = _IGNORABLE.sub("", unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", text).strip()


def imitating_words(name: str) -> tuple[str, ...]:
    """The words of `name` (split on whitespace) that mix scripts with look-alike letters, as
    UTS #39 calls mixed-script confusables: `Sеoul` with a Cyrillic е. Each word is judged
    alone, so a name that pairs whole words of two scripts (`서울 Smart City`) is fine. The
    confusable and script data are `confusable_homoglyphs`'s copy of the Unicode tables."""
    words = _SPACES.split(unicodedata.normalize("NFKC", _IGNORABLE.sub("", name)))
    return tuple(word for word in words if word and _imitates(word))


@functools.lru_cache(maxsize=65_536)  # names share their words: "City", "Smart", "Project"
def _imitates(word: str) -> bool:
    """UTS #39's test of one word, ~25 µs in `confusable_homoglyphs` (a pure function of the
    word and the tables shipped with the package, so a cached answer never goes stale)."""
    return bool(confusables.is_dangerous(word))
