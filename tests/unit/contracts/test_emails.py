"""Addresses and domains compare as one identity whatever their case or script."""

from __future__ import annotations

from contracts.emails import covers, domain_key, email_key, is_public, same_addresses


def test_an_address_in_another_case_is_the_same_address():
    assert email_key("Kim.Minjun@Mail.Example") == email_key("kim.minjun@mail.example")
    assert email_key("kim@mail.example") != email_key("kim2@mail.example")


def test_a_unicode_domain_and_its_punycode_are_one_domain():
    assert domain_key("부산.example") == domain_key("XN--OR3BI2D.Example.") == "xn--or3bi2d.example"
    assert email_key("민준@부산.example") == email_key("민준@xn--or3bi2d.example")


def test_a_domain_covers_its_subdomains_and_nothing_that_only_ends_alike():
    assert covers("andes.example", domain_key("SmartCity.Andes.example"))
    assert not covers("andes.example", "smartandes.example")
    assert not covers("", "andes.example")


def test_public_providers_include_their_subdomains():
    assert is_public("mail.GMAIL.com", ("gmail.com",))
    assert not is_public("gmail.com.example", ("gmail.com",))


def test_same_addresses_groups_positions_of_one_address():
    assert same_addresses(["a@x.example", "b@x.example", "A@X.example", "B@x.EXAMPLE"]) == [
        (0, 2),
        (1, 3),
    ]
