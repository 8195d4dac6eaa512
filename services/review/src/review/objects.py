"""Presigned GET links to the files intake stored; the sync `minio` client runs off the loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

from minio import Minio

from review.settings import ReviewSettings


class FileLinks:
    def __init__(self, client: Minio, bucket: str, seconds: int) -> None:
        self.client = client
        self.bucket = bucket
        self.lifetime = timedelta(seconds=seconds)

    @classmethod
    def from_settings(cls, settings: ReviewSettings) -> FileLinks:
        client = Minio(**settings.s3_client_arguments())
        return cls(client, settings.s3_bucket, settings.file_url_seconds)

    async def link(self, object_key: str, *, signed_at: datetime | None = None) -> str:
        """A URL that reads exactly this object, valid for `lifetime` from `signed_at`."""
        return await asyncio.to_thread(
            self.client.presigned_get_object,
            self.bucket,
            object_key,
            expires=self.lifetime,
            request_date=signed_at,
        )

    async def chunks(self, object_key: str, size: int = 256 * 1024) -> AsyncIterator[bytes]:
        """The object's bytes, a chunk at a time (never whole in memory), read off the loop."""
        response = await asyncio.to_thread(self.client.get_object, self.bucket, object_key)
        try:
            while chunk := await asyncio.to_thread(response.read, size):
                yield chunk
        finally:
            response.close()
            response.release_conn()

    async def answers(self) -> bool:
        return await asyncio.to_thread(self.client.bucket_exists, self.bucket)
