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
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError, printable_name

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

STDIN = "-"
STDIN_NAME = "<stdin>"
HTML_SUFFIXES = (".html", ".htm")

# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Windows-1256 decodes any bytes, so it is taken only for text that reads as Arabic in
# it: most letters Arabic, and Arabic's commonest words and article there. Mojibake
# (UTF-8 read as cp1256: ط²ط§ط±) and other code pages (ISO-8859-6) have neither.
_LEGACY_ENCODING = "cp1256"
_MIN_ARABIC_SHARE = 0.6
_MIN_COMMON_WORD_SHARE = 0.2  # news: 0.37-0.50; ISO-8859-6 read as cp1256: <0.1
_COMMON_ARABIC_WORDS = frozenset(
    "في من على إلى الى عن مع أن ان إن لا ما هذا هذه التي الذي التى الذى كان قد بين أو او ثم "
    "بعد قبل حتى كما عند وفي ومن".split()
)
_ARTICLE_PREFIXES = ("ال", "وال", "بال", "فال", "كال", "لل", "ولل")
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
# Suggested, never chosen: they decode most bytes, so only a person can tell.
_OTHER_ARABIC_ENCODINGS = ("iso-8859-6", "cp720", "mac-arabic")
DECODE_ERRORS = ("strict", "replace")


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

    def add(source: str) -> None:
        identity = source if source == STDIN else os.path.realpath(source)
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
                problems.append(InputError(raw, _reason(error)))
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


def output_conflict(
    output: str | os.PathLike, paths: Iterable[str], sources: Iterable[str], pattern: str
) -> str | None:
    """Why writing ``output`` would clash with the inputs, or None: it is one of the
    input files (the article would be overwritten), or it lies inside an input folder
    and matches the glob (the next run would read the run's own output as an article).
    """
    target = os.path.realpath(output)
    for source in sources:
        if source != STDIN and os.path.realpath(source) == target:
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


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


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
                    InputError(path, "broken symbolic link" if broken else _reason(error))
                )
                continue
            if stat.S_ISREG(mode):
                found.append(path)
            else:
                kind = _kind_of(mode) or "not a regular file"
                problems.append(InputError(path, f"{kind} inside a directory, skipped"))
    return sorted(found)


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum("\u0600" <= c <= "\u06ff" for c in letters) / len(letters)


def reads_as_arabic(text: str) -> bool:
    """Whether ``text`` looks like Arabic prose: mostly Arabic letters, and enough of its
    words the article-prefixed or commonest words any Arabic text is full of.

    >>> reads_as_arabic("زار الرئيس موسكو ثم طشقند"), reads_as_arabic("ط²ط§ط± ط§ظ„ط±ط¦ظٹط³")
    (True, False)
    """
    if _arabic_share(text) < _MIN_ARABIC_SHARE:
        return False
    words = _ARABIC_WORD.findall(text)
    common = sum(
        word.startswith(_ARTICLE_PREFIXES) or word in _COMMON_ARABIC_WORDS for word in words
    )
    return common >= max(1, _MIN_COMMON_WORD_SHARE * len(words))


def _utf8_damage(data: bytes) -> tuple[int, int]:
    """How many bytes are not UTF-8, and how many multi-byte characters are."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return bad, sum(ord(char) > 0x7F for char in text) - bad


def _count_replacements(text: str, data: bytes) -> int:
    return text.count("\ufffd") - data.count("\ufffd".encode())


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, and how it was read when not as plain UTF-8 (``note``)."""

    text: str
    note: str = ""


def decode_text(
    data: bytes, source: str, encoding: str | None = None, errors: str = "strict"
) -> Decoded:
    """Decode a file's bytes, never guessing silently.

    The given ``encoding``, else a byte-order mark's (UTF-32 before UTF-16), else strict
    UTF-8. Bytes that are not UTF-8 are read as Windows-1256 only when the whole file
    reads as Arabic in it and not as UTF-8 with a few bad bytes; otherwise the file is
    refused (``InputError``), or with ``errors="replace"`` read as UTF-8 with U+FFFD for
    each bad byte. Every reading but plain UTF-8 comes with a one-line ``note``.
    """
    if errors not in DECODE_ERRORS:
        raise ValueError(f"errors must be one of {DECODE_ERRORS}")
    if encoding is not None:
        return _decode_as(data, source, encoding, errors, f"read as {encoding}")
    for bom, bom_encoding, label in _BOMS:
        if data.startswith(bom):
            note = "" if label == "UTF-8" else f"read as {label} (byte-order mark)"
            return _decode_as(data, source, bom_encoding, errors, note)
    if b"\x00" in data:
        raise InputError(source, "binary file (contains NUL bytes)")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        first_bad = error.start
    bad, good = _utf8_damage(data)
    if good < bad:
        legacy = data.decode(_LEGACY_ENCODING, errors="replace")
        if "\ufffd" not in legacy and reads_as_arabic(legacy):
            return Decoded(legacy, f"not UTF-8; read as {_LEGACY_ENCODING} (Windows Arabic)")
    if errors == "replace":
        text = data.decode("utf-8", errors="replace")
        return Decoded(
            text,
            f"not valid UTF-8: {_plural(bad, 'bad byte')} (first at byte {first_bad}) "
            "read as U+FFFD",
        )
    if good >= bad:
        hint = f"{_plural(bad, 'bad byte')} in UTF-8 text"
    else:
        hint = f"nor Arabic in {_LEGACY_ENCODING}"
        for other in _OTHER_ARABIC_ENCODINGS:
            if reads_as_arabic(data.decode(other, errors="replace")):
                hint = f"{hint}; it reads as Arabic in {other}: --encoding {other}?"
                break
    raise InputError(
        source,
        f"not valid UTF-8 at byte {first_bad} (0x{data[first_bad]:02x}; {hint}); "
        "name the encoding with --encoding, or read it anyway with --errors replace",
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _decode_as(data: bytes, source: str, encoding: str, errors: str, note: str) -> Decoded:
    try:
        text = data.decode(encoding, errors=errors)
    except LookupError:
        raise InputError(source, f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as error:
        raise InputError(
            source,
            f"cannot decode as {encoding} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); read it anyway with --errors replace",
        ) from None
    if errors == "replace" and (replaced := _count_replacements(text, data)) > 0:
        note = (
            f"{note + '; ' if note else ''}{_plural(replaced, 'undecodable byte')} read as U+FFFD"
        )
    return Decoded(text.removeprefix("\ufeff"), note)


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode a file's bytes strictly (see ``decode_text``) and return the text."""
    return decode_text(data, source, encoding).text


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
                raise InputError(self.name, f"cannot read: {_reason(error)}") from None
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
        for chunk in _chain([first[skip:]], raw):
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
        for bom, bom_encoding, label in _BOMS:
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
            if _LEGACY_ENCODING in decoded.note:
                return _LEGACY_ENCODING, 0
        return "utf-8", 0


def _chain(*iterables):
    for iterable in iterables:
        yield from iterable


def is_stream(source: str) -> bool:
    """Whether a source is read as a stream: standard input, a pipe or a device."""
    if source == STDIN:
        return True
    try:
        mode = os.stat(source).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


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
            raise InputError(name, f"cannot read: {_reason(error)}") from None
    decoded = decode_text(data, name, encoding, errors)
    del data
    if html or name.lower().endswith(HTML_SUFFIXES):
        text, title = html_to_text(decoded.text)
        return Document(name, text, title, decoded.note)
    return Document(name, decoded.text, note=decoded.note)
