"""A recipient's address on the RCPT line is what aiosmtplib's `quote_address` writes."""

from __future__ import annotations

from aiosmtplib.email import quote_address
from hypothesis import given
from hypothesis import strategies as st

from notify.envelope import quoted_address

ATOM = st.text("abcXYZ019!#$%&'*+/=?^_`{|}~-", min_size=1, max_size=8)
LABEL = st.text("abcxyz019-", min_size=1, max_size=8)


@given(st.lists(ATOM, min_size=1, max_size=3), st.lists(LABEL, min_size=1, max_size=3))
def test_a_plain_address_is_quoted_as_aiosmtplib_quotes_it(local: list[str], host: list[str]):
    address = ".".join(local) + "@" + ".".join(host)
    assert quoted_address(address) == quote_address(address)


def test_an_address_that_is_not_plain_is_left_to_aiosmtplib():
    for address in ("Ana <ana@city.example>", "ana@city.example (Ana)", '"a b"@city.example'):
        assert quoted_address(address) == quote_address(address)
