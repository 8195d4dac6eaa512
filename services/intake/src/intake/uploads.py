"""Reading one submission body: limits checked while it streams, files stored as they come.

Any refusal cuts the body off and aborts the file in flight; `written` names what was
stored, for the caller's one cleanup (`intake.submissions`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

from contracts.contest_parts import FileRules
from intake.domain import filetypes
from intake.domain.form import Application
from intake.domain.names import BadNameError, extension, normalise_name
from intake.multipart import MalformedBodyError, PartHeaders, PartReader
from intake.problems import problem
from intake.sinks import FileSink

FILE_PARTS = ("files", "endorsement")
APPLICATION_PART = "application"


@dataclass(frozen=True)
class ReceivedFile:
    part: str
    name: str
    size: int
    sha256: str
    content_type: str
    object_key: str


@dataclass
class Upload:
    """`application` is the form part as sent; `form` the same once validated."""

    application: bytes = b""
    form: Application | None = None
    files: list[ReceivedFile] = field(default_factory=list)

    @property
    def valid_form(self) -> Application:
        if self.form is None:  # `UploadReader.read` refuses a body without one
            raise RuntimeError("the upload has no validated form")
        return self.form

    def fingerprint(self) -> str:
        """Same form and same files → same fingerprint, whatever the multipart boundary."""
        try:
            form = json.dumps(json.loads(self.application), sort_keys=True)
        except ValueError:
            form = self.application.decode("utf-8", "replace")
        files = [(f.part, f.name, f.sha256) for f in self.files]
        return hashlib.sha256(json.dumps([form, files]).encode()).hexdigest()


SinkFactory = Callable[[str], FileSink]
# Validates the form part as soon as it has arrived, so a bad form is refused before any
# file is stored; `ProblemError` refuses the body.
FormReader = Callable[[bytes], Awaitable[Application]]


@dataclass
class _Current:
    headers: PartHeaders
    name: str = ""
    key: str = ""
    head: bytes = b""
    sink: FileSink | None = None
    sniffed: str | None = None


class UploadReader:
    def __init__(
        self,
        rules: FileRules,
        *,
        key_prefix: str,
        sinks: SinkFactory,
        form_max_bytes: int,
        read_form: FormReader,
    ) -> None:
        self.rules, self.key_prefix, self.sinks = rules, key_prefix, sinks
        self.form_max_bytes = form_max_bytes
        self.read_form = read_form
        self.upload = Upload()
        self.written: list[str] = []
        self._current: _Current | None = None
        self._files_bytes = 0
        self._form = bytearray()

    async def read(self, chunks: AsyncIterator[bytes], boundary: bytes, body_cap: int) -> Upload:
        try:
            await self._read(chunks, boundary, body_cap)
        except BaseException:
            current = self._current
            if current and current.sink:
                await current.sink.abort()
            raise
        return self.upload

    async def _read(self, chunks: AsyncIterator[bytes], boundary: bytes, body_cap: int) -> None:
        parts = PartReader(boundary)
        received = 0
        async for chunk in chunks:
            received += len(chunk)
            if received > body_cap:
                raise problem("body-too-large", f"the body passed {body_cap} bytes", limit=body_cap)
            try:
                events = parts.feed(chunk)
            except MalformedBodyError as error:
                raise problem("malformed-request", str(error)) from None
            for kind, value in events:
                if kind == "begin":
                    assert isinstance(value, PartHeaders)
                    self._begin(value)
                elif kind == "data":
                    assert isinstance(value, bytes)
                    await self._data(value)
                else:
                    await self._end()
        if not parts.finished:
            raise problem("malformed-request", "the body ended before the closing boundary")
        if not self._form:
            raise problem("malformed-request", "no `application` part")

    def _begin(self, headers: PartHeaders) -> None:
        self._current = current = _Current(headers)
        if headers.name == APPLICATION_PART:
            if self._form:
                raise problem("malformed-request", "more than one `application` part")
            return
        if headers.name not in FILE_PARTS:
            raise problem("malformed-request", f"unknown part {headers.name!r}")
        if not headers.filename:
            raise problem("malformed-request", f"a `{headers.name}` part without a filename")
        if len(self.upload.files) + 1 > self.rules.max_files:
            raise problem("too-many-files", f"at most {self.rules.max_files} files")
        try:
            current.name = normalise_name(headers.filename, max_length=self.rules.max_name_length)
        except BadNameError as error:
            raise problem("file-name-invalid", str(error)) from None
        current.key = f"{self.key_prefix}{uuid.uuid4().hex}"

    async def _data(self, data: bytes) -> None:
        current = self._current
        assert current is not None
        if current.headers.name == APPLICATION_PART:
            self._form += data
            if len(self._form) > self.form_max_bytes:
                raise problem(
                    "body-too-large", f"the application part passed {self.form_max_bytes}"
                )
            return
        self._files_bytes += len(data)
        if self._files_bytes > self.rules.max_submission_bytes:
            limit = self.rules.max_submission_bytes
            raise problem("submission-too-large", f"files passed {limit} bytes", limit=limit)
        if current.sink is None:
            current.head += data
            if len(current.head) < filetypes.SNIFF_BYTES:
                return
            data, current.head = current.head, b""
            self._start_file(current, data)
        assert current.sink is not None
        if current.sink.size + len(data) > self.rules.max_file_bytes:
            limit = self.rules.max_file_bytes
            raise problem("file-too-large", f"passed {limit} bytes", limit=limit, file=current.name)
        await current.sink.write(data)

    def _start_file(self, current: _Current, head: bytes) -> None:
        sniffed = filetypes.sniff(head)
        allowed = self.rules.allowed_content_types
        if sniffed is None or not filetypes.could_be_allowed(sniffed, allowed):
            raise problem(
                "file-type-not-allowed",
                f"{current.name}: its bytes are not one of {list(allowed)}",
                file=current.name,
            )
        if sniffed != filetypes.ZIP:
            self._check_name(current.name, sniffed)
        current.sniffed = sniffed
        current.sink = self.sinks(current.key)
        self.written.append(current.key)

    @staticmethod
    def _check_name(name: str, content_type: str) -> None:
        if not filetypes.name_matches(content_type, extension(name)):
            raise problem("file-name-mismatch", f"{name}: its bytes are {content_type}", file=name)

    async def _end(self) -> None:
        current, self._current = self._current, None
        assert current is not None
        if current.headers.name == APPLICATION_PART:
            self.upload.application = bytes(self._form)
            self.upload.form = await self.read_form(self.upload.application)
            return
        if current.sink is None:
            if not current.head:
                raise problem("empty-file", f"{current.name} is empty", file=current.name)
            self._start_file(current, current.head)
            assert current.sink is not None
            await current.sink.write(current.head)
        digest = await current.sink.finish()
        self.upload.files.append(
            ReceivedFile(
                part=current.headers.name,
                name=current.name,
                size=current.sink.size,
                sha256=digest,
                content_type=current.sniffed or "",
                object_key=current.key,
            )
        )

    async def settle_zip_types(self, inspect: Callable[[ReceivedFile], Awaitable[str]]) -> None:
        """Give ZIP-based files their precise type once stored; refuse bombs and misfits."""
        for index, received in enumerate(self.upload.files):
            if received.content_type != filetypes.ZIP:
                continue
            precise = await inspect(received)
            if precise not in self.rules.allowed_content_types:
                raise problem("file-type-not-allowed", f"{received.name} is {precise}")
            self._check_name(received.name, precise)
            self.upload.files[index] = ReceivedFile(
                **{**received.__dict__, "content_type": precise}
            )
