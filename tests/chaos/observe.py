"""Read the platform's state from the outside: stream contents, consumers, mail, S3, archive."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from email.parser import BytesHeaderParser
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import httpx
from minio import Minio
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError, ServiceUnavailableError

from tests.chaos.rig import BUCKET, STAFF_TOKEN


async def read_subject(
    js: JetStreamContext, stream: str, subject: str, *, patience: float = 60.0
) -> list[Any]:
    """Every message on `subject`, in stream order, through a throwaway consumer.

    A cluster just bounced may still be electing the stream's or the consumer's leader and
    answer `503` for a while: the whole read starts again until `patience` runs out."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return await _read_once(js, stream, subject)
        except ServiceUnavailableError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(1.0)


async def _read_once(js: JetStreamContext, stream: str, subject: str) -> list[Any]:
    try:
        info = await js.stream_info(stream)
    except NotFoundError:
        return []
    if info.state.messages == 0:
        return []
    config = ConsumerConfig(
        ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL, inactive_threshold=30
    )
    sub = await js.pull_subscribe(subject, stream=stream, config=config)
    found: list[Any] = []
    try:
        while True:
            try:
                batch = await sub.fetch(1000, timeout=3)
            except TimeoutError:
                break
            found += batch
            if batch[-1].metadata.num_pending == 0:
                break
    finally:
        await sub.unsubscribe()
    return found


async def bodies(js: JetStreamContext, stream: str, subject: str) -> list[dict[str, Any]]:
    return [json.loads(m.data) for m in await read_subject(js, stream, subject)]


async def consumer_state(js: JetStreamContext, stream: str, durable: str) -> dict[str, int]:
    info = await js.consumer_info(stream, durable)
    return {
        "delivered": info.delivered.consumer_seq or 0,
        "redelivered": info.num_redelivered or 0,
        "pending": info.num_pending or 0,
        "ack_pending": info.num_ack_pending or 0,
    }


def receipts(mail: Path) -> dict[str, list[str]]:
    """Receipt emails by recipient address: the Message-ID of every copy caught."""
    parser = BytesHeaderParser()
    found: dict[str, list[str]] = {}
    for path in mail.glob("*.eml"):
        headers = parser.parsebytes(path.read_bytes())
        if headers.get("X-Cityprize-Template", "").split(".")[0] != "receipt":
            continue
        found.setdefault(parseaddr(str(headers["To"]))[1].lower(), []).append(
            str(headers["Message-ID"])
        )
    return found


def stored_objects(client: Minio, prefix: str) -> dict[str, int]:
    return {
        str(o.object_name): int(o.size or 0)
        for o in client.list_objects(BUCKET, prefix=prefix, recursive=True)
    }


def sha256_of(client: Minio, key: str) -> str:
    response = client.get_object(BUCKET, key)
    try:
        return hashlib.sha256(response.read()).hexdigest()
    finally:
        response.close()
        response.release_conn()


async def hashes(client: Minio, keys: Iterable[str]) -> dict[str, str]:
    def run() -> dict[str, str]:
        listed = list(keys)
        with ThreadPoolExecutor(8) as pool:
            return dict(zip(listed, pool.map(lambda k: sha256_of(client, k), listed), strict=True))

    return await asyncio.to_thread(run)


async def archive_records(archive: str, contest_id: str) -> list[dict[str, Any]]:
    """Every submission record archive holds for the contest, through its staff export."""
    url = f"{archive}/v1/archive/exports/submissions.json"
    headers = {"Authorization": f"Bearer {STAFF_TOKEN}"}
    async with httpx.AsyncClient(timeout=300) as http:
        response = await http.get(url, params={"contest_id": contest_id}, headers=headers)
        response.raise_for_status()
    text = response.text.strip()
    if text.startswith("["):
        records: list[dict[str, Any]] = json.loads(text)
        return records
    return [json.loads(line) for line in text.splitlines() if line.strip()]
