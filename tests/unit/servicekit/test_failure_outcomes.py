"""What a consumer does with each failure a handler raises (servicekit.failures)."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, ValidationError

from servicekit.failures import PermanentError, RefusedError, dead_letters_at_once


class Form(BaseModel):
    round: str


class UnknownThingError(RefusedError):
    """A refusal that may succeed later."""


class BadIdError(RefusedError, permanent=True):
    """A refusal that never can."""


def validation_error() -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        Form.model_validate({})
    return caught.value


def test_an_outage_is_retried():
    assert not dead_letters_at_once(ConnectionError("the store is away"))


def test_a_refusal_is_retried_unless_it_says_it_is_permanent():
    assert not dead_letters_at_once(RefusedError("contest-not-found", "seoul-2027"))
    assert not dead_letters_at_once(UnknownThingError("judge-not-found", "j-1"))
    assert dead_letters_at_once(RefusedError("invalid-id", "a b", permanent=True))


def test_a_subclass_declared_permanent_is_dead_lettered_at_once_and_still_a_refusal():
    error = BadIdError("invalid-id", "not usable as an id: 'a b'")

    assert dead_letters_at_once(error)
    assert (error.kind, error.detail) == ("invalid-id", "not usable as an id: 'a b'")


def test_the_raise_site_overrides_the_declaration_of_its_class():
    assert not dead_letters_at_once(BadIdError("invalid-id", "x", permanent=False))
    assert UnknownThingError.permanent is False
    assert RefusedError.permanent is False, "a subclass's declaration stays on the subclass"


def test_a_poison_message_and_an_undecodable_body_are_dead_lettered_at_once():
    assert dead_letters_at_once(PermanentError("round 'panel' does not exist"))
    assert dead_letters_at_once(validation_error())
    assert dead_letters_at_once(json.JSONDecodeError("Expecting value", "{", 1))


def test_the_old_import_places_name_the_same_types():
    from servicekit import delivery, replies

    assert delivery.PermanentError is PermanentError
    assert replies.RefusedError is RefusedError
