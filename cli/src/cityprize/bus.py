"""How the staff CLI reaches the platform: NATS only (events and request-reply)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeVar

import nats
import typer
from nats.aio.client import Client
from opentelemetry import trace
from pydantic import BaseModel, ValidationError

from cityprize import tracing
from cityprize.local import address
from contracts.commands import Command
from contracts.envelope import Event
from contracts.queries import Refusal
from contracts.subjects import Header, Stream
from servicekit.broker_spans import ids_of_body

Request = TypeVar("Request", bound=BaseModel)
Reply = TypeVar("Reply", bound=BaseModel)
DEFAULT_NATS_URL = "nats://127.0.0.1:4222"


class CommandRefusedError(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(f"{refusal.kind}: {refusal.detail}" if refusal.detail else refusal.kind)
        self.refusal = refusal


def nats_url() -> str:
    """`NATS_URL`, else the one `cityprize up` wrote to var/endpoints.json, else the default."""
    return address("nats", "NATS_URL", DEFAULT_NATS_URL)


@asynccontextmanager
async def connected(url: str | None = None) -> AsyncIterator[Client]:
    client = await nats.connect(
        (url or nats_url()).split(","),
        name="cityprize-cli",
        user=os.environ.get("NATS_USER") or None,
        password=os.environ.get("NATS_PASSWORD") or None,
    )
    try:
        with tracing.command_span():
            yield client
    finally:
        await client.drain()


async def request(
    client: Client,
    subject: str,
    payload: BaseModel,
    reply_type: type[Reply],
    *,
    timeout: float = 30,
) -> Reply:
    """Ask a service; a refusal raises `CommandRefusedError` with its kind and detail.

    One client span per request, named after the subject; its context travels in the headers.
    """
    with tracing.tracer().start_as_current_span(
        f"{subject} request", kind=trace.SpanKind.CLIENT, attributes=ids_of_body(payload)
    ) as span:
        message = await client.request(
            subject,
            payload.model_dump_json().encode(),
            timeout=timeout,
            headers=tracing.with_context({}),
        )
        try:
            return reply_type.model_validate_json(message.data)
        except ValidationError:
            refusal = Refusal.model_validate_json(message.data)
            span.set_status(trace.StatusCode.ERROR, refusal.kind)
            raise CommandRefusedError(refusal) from None


def ask(command: Command[Request, Reply], payload: Request, *, timeout: float = 30) -> Reply:
    """One staff command from a CLI command: connect, request (`timeout` in seconds), drain;
    the reply is read as the command's reply type.
    A refusal prints `refused: <kind>: <detail>` on stderr and exits 1 (`typer.Exit`)."""

    async def send() -> Reply:
        async with connected() as client:
            return await request(client, command, payload, command.reply, timeout=timeout)

    try:
        return asyncio.run(send())
    except CommandRefusedError as refused:
        typer.echo(f"refused: {refused}", err=True)
        raise typer.Exit(1) from None


async def publish(client: Client, event: Event) -> bool:
    """Publish a domain event; False when the stream had it already (same event id)."""
    with tracing.tracer().start_as_current_span(
        f"{event.subject} publish",
        kind=trace.SpanKind.PRODUCER,
        attributes={"cityprize.contest_id": event.contest_id},
    ):
        ack = await client.jetstream().publish(
            event.subject,
            event.model_dump_json().encode(),
            stream=Stream.EVENTS,
            headers=tracing.with_context(
                {Header.MSG_ID: event.event_id, Header.EVENT_TYPE: event.event_type}
            ),
        )
    return not ack.duplicate
