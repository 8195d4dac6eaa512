"""Intake's OpenAPI lists each problem of a status as the API answers it: its own members in
the example, `Retry-After` where a client should wait, the sign-in refusal in servicekit's words."""

from __future__ import annotations

from intake.problems import problem, problem_responses
from servicekit.signin_limits import REFUSAL_TITLE

PROBLEM = "application/problem+json"


def test_a_version_conflict_example_names_the_current_version() -> None:
    examples = problem_responses(409)["409"]["content"][PROBLEM]["examples"]

    conflict = examples["version-conflict"]["value"]
    assert conflict["current_version"] == 2
    assert conflict["type"] == "urn:cityprize:problem:version-conflict"
    assert set(examples) >= {"window-closed", "amendment-under-review"}


def test_a_client_told_to_wait_is_told_how_long_and_why() -> None:
    responses = problem_responses(429, 503)

    for status in ("429", "503"):
        assert responses[status]["headers"]["Retry-After"]["schema"] == {"type": "integer"}
    refusal = responses["429"]["content"][PROBLEM]["examples"]["sign-in-rate-limited"]
    assert refusal["summary"] == REFUSAL_TITLE
    assert problem("sign-in-rate-limited").title == REFUSAL_TITLE


def test_only_the_asked_statuses_are_listed() -> None:
    assert set(problem_responses(404, 503)) == {"404", "503"}
