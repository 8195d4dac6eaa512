"""Names that decide a cap, a conflict or "the same project" compare as people read them."""

from __future__ import annotations

import pytest

from contracts.names import imitating_words, name_key

INVISIBLE = {
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "soft hyphen": "\u00ad",
    "zero-width joiner": "\u200d",
    "byte-order mark": "\ufeff",
    "Hangul filler": "\u3164",
    "variation selector": "\ufe0f",
}


@pytest.mark.parametrize("mark", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_does_not_make_another_name(mark: str):
    assert name_key(f"Seoul{mark}") == name_key("Seoul")
    assert name_key(f"Se{mark}oul") == name_key("seoul")


def test_full_width_letters_case_and_spacing_do_not_make_another_name():
    assert name_key("ＳＥＯＵＬ") == name_key("Seoul")
    assert name_key("  São\u00a0 Paulo \t") == name_key("são paulo")
    assert name_key("STRASSE") == name_key("straße"), "case folding, not lower-casing"


def test_different_names_stay_different():
    assert name_key("Busan") != name_key("Seoul")
    assert name_key("부산") != name_key("서울")
    assert name_key("Sеoul") != name_key("Seoul"), "a Cyrillic е is another letter"


def test_a_word_mixing_scripts_with_look_alike_letters_is_named():
    assert imitating_words("Sеoul") == ("Sеoul",)  # Cyrillic е
    assert imitating_words("New Yоrk City") == ("Yоrk",)  # Cyrillic о
    assert imitating_words("Αthens") == ("Αthens",)  # Greek Alpha


def test_whole_words_of_two_scripts_are_a_fine_name():
    assert imitating_words("서울 Smart City") == ()
    assert imitating_words("Москва") == ()
    assert imitating_words("São Paulo") == ()
    assert imitating_words("Ｓｅｏｕｌ") == (), "compatibility forms are folded first"
