"""Durations and counts in the settings refuse values that can only be a mistake."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from servicekit.settings import ServiceSettings


@pytest.mark.parametrize(
    "name", ["ack_wait_seconds", "http_body_timeout_seconds", "signin_window_seconds"]
)
def test_a_duration_of_zero_seconds_is_refused(name: str):
    with pytest.raises(ValidationError, match=name):
        ServiceSettings.model_validate({name: 0})


@pytest.mark.parametrize(
    "name", ["max_deliveries", "http_uploads_per_client", "signin_max_failures"]
)
def test_a_count_of_zero_is_refused(name: str):
    with pytest.raises(ValidationError, match=name):
        ServiceSettings.model_validate({name: 0})


def test_the_defaults_and_their_descriptions_stay():
    settings = ServiceSettings()

    assert (settings.ack_wait_seconds, settings.max_deliveries) == (30.0, 5)
    assert (settings.http_keep_alive_seconds, settings.readiness_timeout_seconds) == (5, 2.0)
    described = ServiceSettings.model_fields["max_deliveries"].description
    assert described == "Then the message is dead-lettered."
    assert ServiceSettings.model_fields["ack_wait_seconds"].description is None
