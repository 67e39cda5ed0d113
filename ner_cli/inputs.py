"""Files to documents: which files a run reads, and their text.

Paths are files, directories (searched recursively for a glob, ``*.txt`` by
default) or ``-`` for standard input. Directory contents come in sorted order, so a
run over the same tree always produces the same output. Text is decoded strictly:
a file that is not valid text is reported and skipped, never half read.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

__all__ = ["STDIN", "STDIN_NAME", "Document", "collect_sources", "decode", "read_document"]

STDIN = "-"
STDIN_NAME = "<stdin>"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Document:
    """A document's name (its path as given, or ``<stdin>``) and its text."""

    name: str
    text: str


def collect_sources(
    paths: Iterable[str], pattern: str = "*.txt"
) -> tuple[list[str], list[InputError]]:
    """Expand the command-line paths into the files to read, and the paths that gave none.

    Each file is listed once, at its first appearance.
    """
    sources: list[str] = []
    problems: list[InputError] = []
    seen: set[str] = set()

    def add(source: str) -> None:
        identity = source if source == STDIN else str(Path(source).resolve())
        if identity not in seen:
            seen.add(identity)
            sources.append(source)

    for raw in paths:
        path = Path(raw)
        if raw == STDIN:
            add(STDIN)
        elif path.is_dir():
            found = sorted(str(p) for p in path.rglob(pattern) if p.is_file())
            if not found:
                problems.append(InputError(raw, f"directory holds no file matching {pattern!r}"))
            for source in found:
                add(source)
        elif path.is_file():
            add(raw)
        elif path.is_symlink():
            problems.append(InputError(raw, "broken symbolic link"))
        elif path.exists():
            problems.append(InputError(raw, "not a regular file"))
        else:
            problems.append(InputError(raw, "no such file or directory"))
    return sources, problems


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode a file's bytes: the given encoding, else a BOM's, else strict UTF-8."""
    if encoding is None:
        for bom, bom_encoding in _BOMS:
            if data.startswith(bom):
                encoding = bom_encoding
                break
    if encoding is None:
        if b"\x00" in data:
            raise InputError(source, "binary file (contains NUL bytes)")
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(source, f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        hint = "; try --encoding cp1256" if encoding.startswith("utf") else ""
        raise InputError(
            source,
            f"cannot decode as {encoding} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}){hint}",
        ) from None
    return text.removeprefix("\ufeff")


def read_document(source: str, encoding: str | None = None) -> Document:
    """Read one source (a path, or ``-`` for standard input) as a document."""
    if source == STDIN:
        return Document(STDIN_NAME, decode(sys.stdin.buffer.read(), STDIN_NAME, encoding))
    try:
        data = Path(source).read_bytes()
    except OSError as error:
        raise InputError(source, f"cannot read: {error.strerror or error}") from None
    return Document(source, decode(data, source, encoding))
