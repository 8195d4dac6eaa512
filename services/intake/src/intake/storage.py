"""Object storage through the synchronous `minio` client, always called off the event loop."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any, cast

import urllib3
from minio import Minio
from minio.datatypes import Part
from minio.deleteobjects import DeleteObject
from minio.error import S3Error

from intake.ranged import RangedReader
from intake.settings import IntakeSettings


class ObjectStore:
    def __init__(self, client: Minio, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    @classmethod
    def from_settings(cls, settings: IntakeSettings) -> ObjectStore:
        # Few retries and a short timeout: an unreachable store answers 503 quickly.
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=2.0, read=settings.s3_timeout_seconds),
            maxsize=32,
            retries=urllib3.Retry(
                total=settings.s3_retries,
                backoff_factor=0.1,
                status_forcelist=[500, 502, 503, 504],
            ),
        )
        client = Minio(**settings.s3_client_arguments(), http_client=http)
        return cls(client, settings.s3_bucket)

    async def ensure_bucket(self) -> None:
        def create_if_missing() -> None:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)

        await asyncio.to_thread(create_if_missing)

    async def answers(self) -> bool:
        return await asyncio.to_thread(self.client.bucket_exists, self.bucket)

    # The multipart calls below are minio's own building blocks of `put_object`; they are
    # used directly so that a part is sent while the next one is still being received, and
    # an upload of unknown length holds no more than about two parts in memory.
    def start_multipart_blocking(self, key: str) -> str:
        upload_id: str = self.client._create_multipart_upload(
            self.bucket, key, {"Content-Type": "application/octet-stream"}
        )
        return upload_id

    def upload_part_blocking(
        self, key: str, upload_id: str, number: int, data: bytes | memoryview
    ) -> Part:
        # minio only takes the length, the SHA-256 and sendall() of it: any buffer will do,
        # and a view of a reused buffer saves copying the part once more.
        body = cast(bytes, data)
        etag = self.client._upload_part(self.bucket, key, body, None, upload_id, number)
        return Part(number, etag)

    def complete_multipart_blocking(self, key: str, upload_id: str, parts: list[Part]) -> None:
        self.client._complete_multipart_upload(self.bucket, key, upload_id, parts)

    def abort_multipart_blocking(self, key: str, upload_id: str) -> None:
        self.client._abort_multipart_upload(self.bucket, key, upload_id)

    def put_bytes_blocking(self, key: str, data: bytes) -> None:
        self.client.put_object(self.bucket, key, io.BytesIO(data), len(data))

    async def put_json(self, key: str, document: dict[str, Any]) -> None:
        data = json.dumps(document, sort_keys=True).encode()
        await asyncio.to_thread(
            self.client.put_object,
            self.bucket,
            key,
            io.BytesIO(data),
            len(data),
            content_type="application/json",
        )

    async def get_json(self, key: str) -> dict[str, Any] | None:
        def read() -> bytes | None:
            try:
                response = self.client.get_object(self.bucket, key)
            except S3Error as error:
                if error.code == "NoSuchKey":
                    return None
                raise
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

        data = await asyncio.to_thread(read)
        if data is None:
            return None
        document: dict[str, Any] = json.loads(data)
        return document

    async def keys(self, prefix: str) -> list[str]:
        def listing() -> list[str]:
            found = self.client.list_objects(self.bucket, prefix=prefix, recursive=True)
            return [item.object_name for item in found if item.object_name]

        return await asyncio.to_thread(listing)

    async def remove(self, keys: list[str]) -> None:
        def delete() -> None:
            errors = list(
                self.client.remove_objects(self.bucket, [DeleteObject(key) for key in keys])
            )
            if errors:
                raise RuntimeError(f"could not delete {len(errors)} objects: {errors[0]}")

        if keys:
            await asyncio.to_thread(delete)

    def reader_blocking(self, key: str, size: int) -> RangedReader:
        return RangedReader(self.client, self.bucket, key, size)
