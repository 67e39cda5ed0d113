"""Bytes to text, never guessed silently.

Strict UTF-8 unless a byte-order mark (UTF-32 before UTF-16, UTF-8) or ``--encoding``
says otherwise; Windows-1256, the legacy Arabic code page, only for bytes that read as
Arabic prose in it and not as UTF-8 with a few bad bytes. Every reading but plain
UTF-8 comes with a one-line note for the user; a refusal names the first bad byte.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import InputError

__all__ = [
    "BOMS",
    "DECODE_ERRORS",
    "LEGACY_ENCODING",
    "Decoded",
    "decode",
    "decode_text",
    "reads_as_arabic",
]

# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# Windows-1256 decodes any bytes, so it is taken only for text that reads as Arabic in
# it: most letters Arabic, and Arabic's commonest words and article there. Mojibake
# (UTF-8 read as cp1256: ط²ط§ط±) and other code pages (ISO-8859-6) have neither.
LEGACY_ENCODING = "cp1256"
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
    for bom, bom_encoding, label in BOMS:
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
        legacy = data.decode(LEGACY_ENCODING, errors="replace")
        if "\ufffd" not in legacy and reads_as_arabic(legacy):
            return Decoded(legacy, f"not UTF-8; read as {LEGACY_ENCODING} (Windows Arabic)")
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
        hint = f"nor Arabic in {LEGACY_ENCODING}"
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
