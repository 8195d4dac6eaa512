"""Archive's staff query API (HTTP, bearer token): applications, records, results, the
leaderboard as of a moment, chain verification and the exports, which are streamed through
to the browser a chunk at a time (an export is as large as the contest)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx


class ArchiveUnavailableError(Exception):
    """The archive did not answer, or answered with a problem (its `status` is kept)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status


class Archive:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client

    @classmethod
    def connect(cls, base_url: str, token: str | None, timeout: float) -> Archive:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return cls(httpx.AsyncClient(base_url=base_url, headers=headers, timeout=timeout))

    async def close(self) -> None:
        await self._client.aclose()

    async def get(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        """The JSON body of `GET path`; `ArchiveUnavailableError` on anything but 200."""
        try:
            response = await self._client.get(path, params={**(params or {})})
        except httpx.HTTPError as error:
            raise ArchiveUnavailableError(503, type(error).__name__) from None
        if response.status_code != 200:
            raise ArchiveUnavailableError(response.status_code, response.text[:200])
        return response.json()

    async def export(self, kind: str, params: Mapping[str, str]) -> AsyncIterator[bytes]:
        """The export `submissions.<kind>` (csv or json), a chunk at a time."""
        request = self._client.build_request(
            "GET", f"/v1/archive/exports/submissions.{kind}", params={**params}
        )
        response = await self._client.send(request, stream=True)
        if response.status_code != 200:
            await response.aclose()
            raise ArchiveUnavailableError(response.status_code, "export refused")
        try:
            async for chunk in response.aiter_bytes():
                yield chunk
        finally:
            await response.aclose()
