"""Files to documents: which files a run reads, and their text.

Paths are files, directories (walked recursively for file names matching a glob,
``*.txt`` by default; symbolic links are followed, loops are reported once) or
``-`` for standard input. Directory contents come in sorted order, so a run over
the same tree always gives the same output.

Text is decoded strictly, never half read and never guessed silently
(:mod:`ner_cli.decoding`); standard input, pipes and devices are read as they flow
(:mod:`ner_cli.streams`). Pipes, devices and sockets inside a directory are reported
and skipped. HTML files
(``.html``/``.htm``, or any file with ``html=True``) are reduced to their text by
Python's own HTML parser, the page title kept apart; offsets then index that text.
"""

from __future__ import annotations

import fnmatch
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .decoding import DECODE_ERRORS, Decoded, decode, decode_text, reads_as_arabic
from .errors import InputError, printable_name, reason
from .streams import STDIN, STDIN_NAME, StreamedDocument, is_stream

__all__ = [
    "STDIN",
    "STDIN_NAME",
    "Document",
    "DECODE_ERRORS",
    "Decoded",
    "collect_sources",
    "decode",
    "decode_text",
    "printable_name",
    "reads_as_arabic",
    "StreamedDocument",
    "html_to_text",
    "is_stream",
    "output_conflict",
    "read_document",
]

HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, slots=True)
class Document:
    """A document's name (its path as given, printable, or ``<stdin>``), its text, its
    title (HTML pages only), and how it was decoded when not as plain UTF-8."""

    name: str
    text: str
    title: str = ""
    note: str = ""


def _kind_of(mode: int) -> str | None:
    """What a file that is not a regular file or folder is, in a user's words."""
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return None


def collect_sources(
    paths: Iterable[str], pattern: str = "*.txt"
) -> tuple[list[str], list[InputError]]:
    """Expand the command-line paths into the files to read, and the problems met.

    Each file is listed once, at its first appearance. A named pipe or a character
    device named on the command line (``<(cat f)``, ``/dev/stdin``) is read as a
    stream; inside a folder such files are reported and skipped.
    """
    sources: list[str] = []
    problems: list[InputError] = []
    seen: set[str] = set()
    folders: dict[str, str] = {}  # each folder's real path, resolved once

    def add(source: str) -> None:
        identity = source if source == STDIN else _real_path(source, folders)
        if identity not in seen:
            seen.add(identity)
            sources.append(source)

    for raw in paths:
        if raw == STDIN:
            add(STDIN)
            continue
        try:
            mode = os.stat(raw).st_mode
        except OSError as error:
            if os.path.islink(raw):
                problems.append(InputError(raw, "broken symbolic link"))
            else:
                problems.append(InputError(raw, reason(error)))
            continue
        if stat.S_ISDIR(mode):
            found = _walk(raw, pattern, problems)
            if not found:
                problems.append(InputError(raw, f"directory holds no file matching {pattern!r}"))
            for source in found:
                add(source)
        elif stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            add(raw)
        else:
            problems.append(InputError(raw, f"{_kind_of(mode) or 'not a regular file'}, skipped"))
    return sources, problems


def _real_path(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, with the real path of the file's folder looked up in
    ``folders`` (filled as it goes) rather than resolved again, component by component,
    for each of a folder's files: a file that is no symbolic link adds only its name to
    its folder's real path."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return os.path.join(real, name)


def output_conflict(
    output: str | os.PathLike, paths: Iterable[str], sources: Iterable[str], pattern: str
) -> str | None:
    """Why writing ``output`` would clash with the inputs, or None: it is one of the
    input files (the article would be overwritten), or it lies inside an input folder
    and matches the glob (the next run would read the run's own output as an article).
    """
    target = os.path.realpath(output)
    try:  # an output that does not exist yet is none of the inputs, which all do
        written = os.stat(target)
    except OSError:
        written = None
    for source in sources if written is not None else ():
        if source != STDIN and _same_file(source, written) and os.path.realpath(source) == target:
            return f"{printable_name(str(output))} is also an input file ({printable_name(source)})"
    for raw in paths:
        if raw != STDIN and os.path.isdir(raw):
            folder = os.path.realpath(raw)
            inside = os.path.commonpath([folder, target]) == folder
            if inside and fnmatch.fnmatch(os.path.basename(target), pattern):
                return (
                    f"{printable_name(str(output))} is inside the input directory "
                    f"{printable_name(raw)} and matches --glob {pattern!r}: the next run would "
                    "read it as an article; write it elsewhere or under another name"
                )
    return None


def _same_file(path: str, found: os.stat_result) -> bool:
    """Whether ``path`` is the file ``found`` describes (one ``stat``, no resolving)."""
    try:
        here = os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (found.st_dev, found.st_ino)


def _walk(top: str, pattern: str, problems: list[InputError]) -> list[str]:
    """Regular files below ``top`` whose names match ``pattern``, sorted.

    Symbolic links to folders are followed; one that leads back to a folder it is
    already inside is a loop, reported and not followed. A folder reached twice by
    different paths is walked twice; ``collect_sources`` keeps each file once. Pipes,
    devices and sockets whose names match are reported and skipped: reading one could
    block the run for ever.
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
            if not fnmatch.fnmatch(name, pattern):
                continue
            path = os.path.join(folder, name)
            try:
                mode = os.stat(path).st_mode
            except OSError as error:
                broken = os.path.islink(path)
                problems.append(
                    InputError(path, "broken symbolic link" if broken else reason(error))
                )
                continue
            if stat.S_ISREG(mode):
                found.append(path)
            else:
                kind = _kind_of(mode) or "not a regular file"
                problems.append(InputError(path, f"{kind} inside a directory, skipped"))
    return sorted(found)


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


def read_document(
    source: str, encoding: str | None = None, html: bool = False, errors: str = "strict"
) -> Document:
    """Read one source (a path, or ``-`` for standard input) as a document."""
    if source == STDIN:
        name, data = STDIN_NAME, sys.stdin.buffer.read()
    else:
        name = printable_name(source)
        try:
            data = Path(source).read_bytes()
        except OSError as error:
            raise InputError(name, f"cannot read: {reason(error)}") from None
    decoded = decode_text(data, name, encoding, errors)
    del data
    if html or name.lower().endswith(HTML_SUFFIXES):
        text, title = html_to_text(decoded.text)
        return Document(name, text, title, decoded.note)
    return Document(name, decoded.text, note=decoded.note)
