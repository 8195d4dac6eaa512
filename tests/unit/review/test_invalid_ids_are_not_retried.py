"""An id that cannot be a key is refused to staff and dead-lettered at once as an event."""

from __future__ import annotations

import pytest

from review.store import InvalidIdError, key
from servicekit.failures import RefusedError, dead_letters_at_once


def test_an_id_that_cannot_be_a_key_is_a_permanent_refusal():
    with pytest.raises(InvalidIdError) as refused:
        key("seoul-2027", "a submission id with spaces")

    assert isinstance(refused.value, RefusedError)
    assert refused.value.kind == "invalid-id"
    assert dead_letters_at_once(refused.value)
