"""A streaming multipart reader: python-multipart's callbacks turned into part events.

Nothing here buffers a part; each `feed` returns the events of one network chunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header


class MalformedBodyError(ValueError):
    pass


@dataclass
class PartHeaders:
    name: str
    filename: str | None
    content_type: str


@dataclass
class Events:
    """What one chunk produced, in order: ("begin", PartHeaders) | ("data", bytes) | ("end",)."""

    items: list[tuple[str, PartHeaders | bytes | None]] = field(default_factory=list)


def boundary_of(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    if kind != b"multipart/form-data":
        raise MalformedBodyError("not multipart/form-data")
    boundary = options.get(b"boundary")
    if not boundary or len(boundary) > 200:
        raise MalformedBodyError("multipart/form-data without a usable boundary")
    return boundary


class PartReader:
    def __init__(self, boundary: bytes) -> None:
        self._events = Events()
        self._field = b""
        self._value = b""
        self._headers: dict[bytes, bytes] = {}
        self.finished = False
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._begin,
                "on_header_field": self._header_field,
                "on_header_value": self._header_value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._data,
                "on_part_end": self._end,
                "on_end": self._finish,
            },
            max_header_count=8,
            max_header_size=4224,
        )

    def feed(self, chunk: bytes) -> list[tuple[str, PartHeaders | bytes | None]]:
        if self.finished:
            return []  # an epilogue after the closing boundary is ignored (RFC 2046)
        try:
            self._parser.write(chunk)
        except MultipartParseError as error:
            raise MalformedBodyError(f"malformed multipart body: {error}") from None
        items, self._events.items = self._events.items, []
        return items

    def _begin(self) -> None:
        self._headers = {}

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name")
        if name is None:
            raise MultipartParseError("a part without a name")
        filename = options.get(b"filename")
        self._events.items.append(
            (
                "begin",
                PartHeaders(
                    name=name.decode("utf-8", "replace"),
                    filename=None if filename is None else filename.decode("utf-8", "replace"),
                    content_type=self._headers.get(b"content-type", b"").decode("latin-1"),
                ),
            )
        )

    def _data(self, data: bytes, start: int, end: int) -> None:
        if end > start:
            self._events.items.append(("data", data[start:end]))

    def _end(self) -> None:
        self._events.items.append(("end", None))

    def _finish(self) -> None:
        self.finished = True
