"""The application form as a browser posts it, turned on the fly into the API's body.

A browser posts one multipart part per field (`title`, `sectors`, ...) followed by the file
inputs. The API reads one `application` JSON part followed by `files` and `endorsement`
parts. The text fields (at most `TEXT_CAP` bytes in all) are kept, so a refused form comes
back with what was typed; the files are passed through chunk by chunk, never held whole.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable

from intake.multipart import MalformedBodyError, PartHeaders, PartReader, boundary_of
from intake.problems import problem
from intake.uploads import FILE_PARTS

TEXT_CAP = 256 * 1024
Typed = dict[str, list[str]]


class Reform:
    """`stream()` yields the API's body; `content_type` names its boundary. `on_fields` is
    called once every text field has arrived, before any file byte is passed on; it returns
    the `application` JSON and may raise to refuse the post (a bad form token)."""

    def __init__(
        self,
        source: AsyncIterator[bytes],
        content_type: str,
        on_fields: Callable[[Typed], bytes],
    ) -> None:
        self.source, self.on_fields = source, on_fields
        try:
            self.boundary = boundary_of(content_type)
        except MalformedBodyError as error:
            raise problem("not-multipart", str(error)) from None
        self.out = b"cityprize-" + secrets.token_hex(16).encode()
        self.content_type = f"multipart/form-data; boundary={self.out.decode()}"
        self.typed: Typed = {}
        self._text = 0
        self.form_sent = False
        self.started = False

    def _form_part(self) -> bytes:
        self.form_sent = True
        form = self.on_fields(self.typed)
        return (
            b"--" + self.out + b'\r\nContent-Disposition: form-data; name="application"\r\n'
            b"Content-Type: application/json\r\n\r\n" + form + b"\r\n"
        )

    def _file_head(self, headers: PartHeaders) -> bytes:
        # The name as the browser sent it, minus what could break out of the quotes.
        name = (headers.filename or "").replace('"', "%22").replace("\r", "").replace("\n", "")
        kind = (
            headers.content_type.replace("\r", "").replace("\n", "") or "application/octet-stream"
        )
        return (
            b"--"
            + self.out
            + b"\r\nContent-Disposition: form-data; "
            + f'name="{headers.name}"; filename="{name}"'.encode()
            + b"\r\nContent-Type: "
            + kind.encode("latin-1", "replace")
            + b"\r\n\r\n"
        )

    async def stream(self) -> AsyncIterator[bytes]:
        self.started = True
        reader = PartReader(self.boundary)
        current: tuple[str, str, bytearray] | None = None  # (kind, name, text so far)
        async for chunk in self.source:
            try:
                events = reader.feed(chunk)
            except MalformedBodyError as error:
                raise problem("malformed-request", str(error)) from None
            for kind, value in events:
                if kind == "begin" and isinstance(value, PartHeaders):
                    current = part_kind(value)
                    if current[0] == "file":
                        if value.name not in FILE_PARTS:
                            raise problem("malformed-request", f"unknown part {value.name!r}")
                        if not self.form_sent:
                            yield self._form_part()
                        yield self._file_head(value)
                elif kind == "data" and isinstance(value, bytes) and current is not None:
                    if current[0] == "file":
                        yield value
                    elif current[0] == "text":
                        self._text += len(value)
                        if self._text > TEXT_CAP:
                            raise problem("body-too-large", f"the form passed {TEXT_CAP} bytes")
                        current[2].extend(value)
                elif kind == "end" and current is not None:
                    if current[0] == "file":
                        yield b"\r\n"
                    elif current[0] == "text":
                        text = current[2].decode("utf-8", "replace")
                        self.typed.setdefault(current[1], []).append(text)
                    current = None
        if not reader.finished:
            raise problem("malformed-request", "the body ended before the closing boundary")
        if not self.form_sent:
            yield self._form_part()
        yield b"--" + self.out + b"--\r\n"


def part_kind(headers: PartHeaders) -> tuple[str, str, bytearray]:
    """What a part is: a text field, a chosen file, or a file input left empty (skipped)."""
    if headers.filename is None:
        return ("text", headers.name, bytearray())
    return ("file" if headers.filename else "skip", headers.name, bytearray())
