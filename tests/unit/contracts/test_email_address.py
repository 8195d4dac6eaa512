"""A contact's address is checked as pydantic's `EmailStr` checks it, once per address."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, EmailStr, TypeAdapter, ValidationError

from contracts.envelope import Contact, EmailAddress, valid_email

ADDRESSES = [
    "smart@tallinn.example",
    "Kim.Minjun@Mail.Example",
    "담당자@부산.example",
    "pm@xn--or3bi2d.example",
    "first.last+prize@sub.city.example",
    "no-at-sign.example",
    "two@@signs.example",
    "trailing.dot.@city.example",
    "space in@city.example",
    "",
    "a@b",
    "user@-leading-hyphen.example",
]


def outcome(adapter: TypeAdapter[str], address: str) -> tuple[str, str]:
    try:
        return "valid", adapter.validate_python(address)
    except ValidationError as error:
        [only] = error.errors()
        return only["type"], only["msg"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_address_gets_the_answer_emailstr_gives_normalised_or_the_same_error(address: str):
    ours, theirs = TypeAdapter(EmailAddress), TypeAdapter(EmailStr)
    assert outcome(ours, address) == outcome(theirs, address)


def test_the_published_schema_of_a_contact_still_says_an_email_format():
    class WithEmailStr(BaseModel):
        email: EmailStr

    assert (
        Contact.model_json_schema()["properties"]["email"]
        == (WithEmailStr.model_json_schema()["properties"]["email"])
    )


def test_an_address_decoded_again_is_not_checked_again():
    valid_email.cache_clear()
    for _ in range(3):
        Contact.model_validate({"name": "Kadri Tamm", "email": "smart@tallinn.example"})
    info = valid_email.cache_info()
    assert (info.misses, info.hits) == (1, 2)
