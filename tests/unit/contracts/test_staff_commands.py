"""Each staff command is declared once, with its subject, its request and its reply."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from contracts import archive_commands, intake_commands, notify_commands, review_commands
from contracts.commands import Command
from contracts.queries import Reply

EVERY_COMMAND = [
    *(v for v in vars(review_commands.ReviewCommand).values() if isinstance(v, Command)),
    *(v for v in vars(notify_commands.NotifyCommand).values() if isinstance(v, Command)),
    *(v for v in vars(intake_commands).values() if isinstance(v, Command)),
    *(v for v in vars(archive_commands).values() if isinstance(v, Command)),
]


def test_a_command_is_asked_on_its_subject_and_says_what_it_answers() -> None:
    close = review_commands.ReviewCommand.ROUND_CLOSE
    assert close == "cityprize.command.review.round-close"
    assert close.request is review_commands.CloseRound
    assert close.reply is review_commands.Published


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=str)
def test_every_command_answers_a_reply_on_its_services_subject(command: Command[Any, Any]) -> None:
    assert command == f"cityprize.command.{command.service}.{command.name}"
    assert issubclass(command.reply, Reply)


def test_no_two_commands_share_a_subject() -> None:
    assert len(EVERY_COMMAND) >= 20
    assert len(set(EVERY_COMMAND)) == len(EVERY_COMMAND)


def test_a_copied_command_still_knows_its_request_and_reply() -> None:
    add = intake_commands.APPLICANT_ADD
    copied = copy.deepcopy(add)
    assert copied == add
    assert (copied.request, copied.reply) == (
        intake_commands.AddApplicant,
        intake_commands.ApplicantKey,
    )
