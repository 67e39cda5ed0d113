"""Streams to text as it flows: standard input, named pipes and devices.

A stream may be endless or larger than memory, so it is never held whole: it is read
in chunks of ``STREAM_CHUNK_BYTES`` and decoded incrementally, and the pipeline cuts
its pieces as the text arrives (``pipeline.pieces_of``).
"""

from __future__ import annotations

import codecs
import itertools
import os
import stat
import sys
from collections.abc import Iterator

from .decoding import BOMS, LEGACY_ENCODING, decode_text
from .errors import InputError, printable_name, reason

__all__ = ["STDIN", "STDIN_NAME", "STREAM_CHUNK_BYTES", "StreamedDocument", "is_stream"]

STDIN = "-"
STDIN_NAME = "<stdin>"
# Bytes read from a stream at a time: memory stays bounded whatever flows in.
STREAM_CHUNK_BYTES = 1 << 20


class StreamedDocument:
    """A document read from a stream (standard input, a named pipe) as it flows: its
    text comes in decoded chunks (``chunks()``), never held whole, so an endless or
    huge stream is tagged in bounded memory. The encoding is chosen from the first
    chunk as ``decode_text`` would choose it for a file; a bad byte later ends the
    document there, reported to ``on_error``. With ``keep_text`` (the HTML report needs
    the whole article) the text read is also kept, as ``text``.
    """

    def __init__(
        self,
        source: str,
        encoding: str | None = None,
        errors: str = "strict",
        keep_text: bool = False,
        chunk_bytes: int = STREAM_CHUNK_BYTES,
    ):
        self.source = source
        self.name = STDIN_NAME if source == STDIN else printable_name(source)
        self.title = ""
        self.note = ""
        self.encoding = encoding
        self.errors = errors
        self.keep_text = keep_text
        self.chunk_bytes = chunk_bytes
        self.on_error = None  # called with the InputError that ends the stream early
        self._kept: list[str] = []

    @property
    def text(self) -> str | None:
        """The text read so far when kept (``keep_text``), else None."""
        return "".join(self._kept) if self.keep_text else None

    def _raw_chunks(self) -> Iterator[bytes]:
        if self.source == STDIN:
            stream, close = sys.stdin.buffer, False
        else:
            try:
                stream, close = open(self.source, "rb"), True  # noqa: SIM115
            except OSError as error:
                raise InputError(self.name, f"cannot read: {reason(error)}") from None
        try:
            while chunk := stream.read1(self.chunk_bytes):  # what is there, up to a chunk
                yield chunk
        finally:
            if close:
                stream.close()

    def chunks(self) -> Iterator[str]:
        """The stream's text, chunk by chunk; an undecodable byte ends it (``on_error``)."""
        try:
            yield from self._decoded()
        except InputError as error:
            if self.on_error is None:
                raise
            self.on_error(error)

    def _decoded(self) -> Iterator[str]:
        raw = self._raw_chunks()
        first = b""
        for chunk in raw:  # enough bytes to choose the encoding by
            first += chunk
            if len(first) >= self.chunk_bytes:
                break
        if not first:
            return
        encoding, skip = self._choose_encoding(first)
        decoder = codecs.getincrementaldecoder(encoding)(self.errors)
        consumed = 0
        for chunk in itertools.chain([first[skip:]], raw):
            pending = decoder.getstate()[0]  # the start of a character cut by the last chunk
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as error:
                # decode() gives nothing back when it fails: keep what came before the byte
                if before := (pending + chunk)[: error.start].decode(encoding, "replace"):
                    if self.keep_text:
                        self._kept.append(before)
                    yield before
                at = skip + consumed - len(pending) + error.start
                raise InputError(
                    self.name,
                    f"not valid {encoding} at byte {at}; the text before it was tagged, the "
                    "rest skipped (name the encoding with --encoding, or --errors replace)",
                ) from None
            consumed += len(chunk)
            if self.keep_text:
                self._kept.append(text)
            if text:
                yield text
        tail = decoder.decode(b"", final=True) if self.errors == "replace" else ""
        if tail:
            yield tail

    def _choose_encoding(self, first: bytes) -> tuple[str, int]:
        """The encoding to read the stream in, and how many leading bytes (a BOM) to skip."""
        if self.encoding is not None:
            return self.encoding, 0
        for bom, bom_encoding, label in BOMS:
            if first.startswith(bom):
                if label != "UTF-8":
                    self.note = f"read as {label} (byte-order mark)"
                return bom_encoding.removesuffix("-sig"), len(bom)
        final = len(first) < self.chunk_bytes  # else it may end inside a character
        try:
            codecs.getincrementaldecoder("utf-8")().decode(first, final=final)
        except UnicodeDecodeError:
            decoded = decode_text(first, self.name, errors=self.errors)  # refuses, or says
            self.note = decoded.note
            if LEGACY_ENCODING in decoded.note:
                return LEGACY_ENCODING, 0
        return "utf-8", 0


def is_stream(source: str) -> bool:
    """Whether a source is read as a stream: standard input, a pipe or a device."""
    if source == STDIN:
        return True
    try:
        mode = os.stat(source).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)
