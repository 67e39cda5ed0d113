"""Files to documents: which files a run reads, and their text.

Paths are files, directories (walked recursively for file names matching a glob,
``*.txt`` by default; symbolic links are followed, loops are reported once) or
``-`` for standard input. Directory contents come in sorted order, so a run over
the same tree always gives the same output.

Text is decoded strictly, never half read: the ``--encoding`` given, else a
byte-order mark's (UTF-8, UTF-16), else UTF-8, else Windows-1256 (the common legacy
Arabic encoding) when the bytes are not UTF-8 and read as Arabic in it. HTML files
(``.html``/``.htm``, or any file with ``html=True``) are reduced to their text by
Python's own HTML parser, the page title kept apart; offsets then index that text.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError

__all__ = [
    "STDIN",
    "STDIN_NAME",
    "Document",
    "collect_sources",
    "decode",
    "html_to_text",
    "read_document",
]

STDIN = "-"
STDIN_NAME = "<stdin>"
HTML_SUFFIXES = (".html", ".htm")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Windows-1256 decodes any bytes; it is taken only when most letters come out Arabic.
_LEGACY_ENCODING = "cp1256"
_MIN_ARABIC_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class Document:
    """A document's name (its path as given, or ``<stdin>``), its text, and its title
    (HTML pages only)."""

    name: str
    text: str
    title: str = ""


def collect_sources(
    paths: Iterable[str], pattern: str = "*.txt"
) -> tuple[list[str], list[InputError]]:
    """Expand the command-line paths into the files to read, and the problems met.

    Each file is listed once, at its first appearance.
    """
    sources: list[str] = []
    problems: list[InputError] = []
    seen: set[str] = set()

    def add(source: str) -> None:
        identity = source if source == STDIN else os.path.realpath(source)
        if identity not in seen:
            seen.add(identity)
            sources.append(source)

    for raw in paths:
        path = Path(raw)
        if raw == STDIN:
            add(STDIN)
        elif path.is_dir():
            found = _walk(raw, pattern, problems)
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


def _walk(top: str, pattern: str, problems: list[InputError]) -> list[str]:
    """Files below ``top`` whose names match ``pattern``, sorted.

    Symbolic links to folders are followed; one that leads back to a folder it is
    already inside is a loop, reported and not followed. A folder reached twice by
    different paths is walked twice; ``collect_sources`` keeps each file once.
    """
    found = []
    inside = {os.path.realpath(top): frozenset()}  # a folder's real path: its ancestors'

    def on_error(error: OSError) -> None:
        problems.append(InputError(error.filename or top, f"cannot list: {error.strerror}"))

    for folder, subfolders, files in os.walk(top, onerror=on_error, followlinks=True):
        real = os.path.realpath(folder)
        ancestors = inside.get(real, frozenset()) | {real}
        subfolders.sort()
        for name in list(subfolders):
            path = os.path.join(folder, name)
            target = os.path.realpath(path)
            if target in ancestors:
                problems.append(InputError(path, "symbolic link loop, skipped"))
                subfolders.remove(name)
            else:
                inside[target] = ancestors
        for name in sorted(files):
            path = os.path.join(folder, name)
            if fnmatch.fnmatch(name, pattern):
                if os.path.isfile(path):
                    found.append(path)
                elif os.path.islink(path):
                    problems.append(InputError(path, "broken symbolic link"))
    return sorted(found)


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= c <= "\u06ff" for c in letters) / len(letters)


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode a file's bytes: the given encoding, else a BOM's, else UTF-8, else Windows-1256."""
    if encoding is None:
        for bom, bom_encoding in _BOMS:
            if data.startswith(bom):
                encoding = bom_encoding
                break
    if encoding is None:
        if b"\x00" in data:
            raise InputError(source, "binary file (contains NUL bytes)")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            legacy = data.decode(_LEGACY_ENCODING, errors="replace")
            if _arabic_share(legacy) >= _MIN_ARABIC_SHARE and "\ufffd" not in legacy:
                return legacy
            raise InputError(
                source,
                f"cannot decode as UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}) "
                "nor as Windows-1256 Arabic; name the encoding with --encoding",
            ) from None
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(source, f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        raise InputError(
            source,
            f"cannot decode as {encoding} (byte 0x{data[error.start]:02x} at offset {error.start})",
        ) from None
    return text.removeprefix("\ufeff")


class _TextExtractor(HTMLParser):
    """Collect a page's visible text, one line per block element, and its title."""

    BLOCKS = frozenset(
        "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
        "h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
    )
    HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self.HIDDEN:
            self._hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """Return a page's visible text (blocks on lines of their own) and its title.

    >>> html_to_text("<title>خبر</title><p>زار <b>طشقند</b></p><script>x()</script>")
    ('زار طشقند', 'خبر')
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title_parts).split())
    return text, title


def read_document(source: str, encoding: str | None = None, html: bool = False) -> Document:
    """Read one source (a path, or ``-`` for standard input) as a document."""
    if source == STDIN:
        name, data = STDIN_NAME, sys.stdin.buffer.read()
    else:
        name = source
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise InputError(
                source, f"cannot read: {(error.strerror or str(error)).lower()}"
            ) from None
    text = decode(data, name, encoding)
    if html or name.lower().endswith(HTML_SUFFIXES):
        text, title = html_to_text(text)
        return Document(name, text, title)
    return Document(name, text)
