"""Object storage through the synchronous `minio` client, always called off the event loop."""

from __future__ import annotations

import asyncio

from minio import Minio

from intake.settings import IntakeSettings


class ObjectStore:
    def __init__(self, client: Minio, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    @classmethod
    def from_settings(cls, settings: IntakeSettings) -> ObjectStore:
        client = Minio(
            settings.s3_endpoint,
            access_key=settings.s3_access_key,
            secret_key=settings.s3_secret_key,
            secure=settings.s3_secure,
            region=settings.s3_region,
        )
        return cls(client, settings.s3_bucket)

    async def ensure_bucket(self) -> None:
        def create_if_missing() -> None:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)

        await asyncio.to_thread(create_if_missing)

    async def answers(self) -> bool:
        return await asyncio.to_thread(self.client.bucket_exists, self.bucket)
