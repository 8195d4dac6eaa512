"""One staff command as a typed value: the subject it is asked on, the request it carries and
the reply it answers, declared together so that a sender cannot pair a subject with the wrong
reply type."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from contracts.subjects import command_subject

Request = TypeVar("Request", bound=BaseModel)
Answer = TypeVar("Answer", bound=BaseModel)


class Command(str, Generic[Request, Answer]):
    """`cityprize.command.<service>.<name>`, knowing its request and reply types.

    It is the subject string itself, so a responder or sender that takes a subject works with
    it unchanged; one that takes a `Command` reads the reply type from it."""

    service: str
    name: str
    request: type[Request]
    reply: type[Answer]

    def __new__(
        cls, service: str, name: str, request: type[Request], reply: type[Answer]
    ) -> Command[Request, Answer]:
        command = super().__new__(cls, command_subject(service, name))
        command.service, command.name = service, name
        command.request, command.reply = request, reply
        return command

    def __reduce__(self) -> tuple[Any, ...]:
        # copy and pickle rebuild a str subclass by calling it; str's own way passes the
        # subject alone, which is not what `__new__` takes.
        return (Command, (self.service, self.name, self.request, self.reply))
