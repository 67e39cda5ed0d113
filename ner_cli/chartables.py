"""The character tables tokenising and key folding need, computed from camel_tools once.

camel_tools defines both steps, but importing it costs half a second or more:
``camel_tools.utils.charsets`` sorts all 1.1 million code points into Unicode
categories at import. What ner-cli needs of it is small, so it ships as a data file,
``data/char_tables.json``, written by ``scripts/build_char_tables.py`` and checked
against camel_tools by ``tests/test_chartables.py``:

- ``split``: characters that ``simple_word_tokenize`` makes a token of their own when
  no emoji sequence goes on after them (punctuation, symbols, single emoji);
- ``emoji_starts``: characters where an emoji sequence may begin (camel_tools'
  ``\\p{Emoji}`` and regional indicators, digits and ``#*`` among them);
- ``emoji_continues``: characters that may go on with such a sequence (skin tones,
  VS16, ZWJ, tags, a second regional indicator); only where one of these follows one
  of those does the tokenizer ask camel_tools' own pattern (``symbol_pattern``);
- ``emoji_sequences``: the emoji of more than one character that camel_tools splits off;
- ``fold``: the key-folding table of :mod:`ner_cli.normalize` (code point to folded text).

The file records the versions it was computed with; where the installed ones differ,
the tables are computed afresh in this process (slow, but never wrong).
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache

from .resources import data_file

__all__ = ["CharTables", "compute_tables", "installed_versions", "tables"]

TABLES_FILE = "char_tables.json"
# What the tables depend on: camel_tools defines them from the emoji list, the regex
# module's Unicode properties and Python's own Unicode database.
_PACKAGES = ("camel-tools", "emoji", "regex")

# Code points whose key may differ from themselves: Arabic blocks, Arabic
# presentation forms. Zero-width and bidi controls, which PDF exports and web pages
# scatter through Arabic text, are dropped from keys.
FOLDED_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
DROPPED = (
    "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2066\u2067\u2068\u2069\ufeff"
)


@dataclass(frozen=True)
class CharTables:
    """The tables, as sets of characters and a translation table."""

    split: frozenset[str]
    emoji_starts: frozenset[str]
    emoji_continues: frozenset[str]
    emoji_sequences: frozenset[str]
    symbol_pattern: str
    fold: dict[int, str]

    def to_json(self, versions: dict[str, str]) -> dict:
        return {
            "versions": versions,
            "split": _ranges(self.split),
            "emoji_starts": _ranges(self.emoji_starts),
            "emoji_continues": _ranges(self.emoji_continues),
            "emoji_sequences": sorted(self.emoji_sequences),
            "symbol_pattern": self.symbol_pattern,
            "fold": {str(code): folded for code, folded in sorted(self.fold.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> CharTables:
        return cls(
            _chars(data["split"]),
            _chars(data["emoji_starts"]),
            _chars(data["emoji_continues"]),
            frozenset(data["emoji_sequences"]),
            data["symbol_pattern"],
            {int(code): folded for code, folded in data["fold"].items()},
        )


def installed_versions() -> dict[str, str]:
    """The versions the tables depend on, as installed here."""
    found = {"unicodedata": unicodedata.unidata_version}
    for package in _PACKAGES:
        found[package] = _installed_version(package)
    return found


def _installed_version(package: str) -> str:
    """The installed version of ``package`` ("" if none), read from the name of its
    ``NAME-VERSION.dist-info`` folder, the first on ``sys.path``, as installers write it:
    a folder listing, where importing ``importlib.metadata`` alone takes tens of
    milliseconds at every start. That is asked only where no such folder is found."""
    prefix, suffix = package.replace("-", "_").lower() + "-", ".dist-info"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found = [n for n in names if n.lower().startswith(prefix) and n.endswith(suffix)]
        if len(found) == 1 and "-" not in found[0][len(prefix) : -len(suffix)]:
            return found[0][len(prefix) : -len(suffix)]
        if found:
            break
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return ""


@cache
def tables() -> CharTables:
    """The tables: from the shipped file when it was computed with the installed
    versions, else computed now."""
    path = data_file(TABLES_FILE)
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if data.get("versions") == installed_versions():
        return CharTables.from_json(data)
    return compute_tables()


def compute_tables() -> CharTables:
    """Ask camel_tools (imported here, at its full cost) for every table."""
    import regex
    from camel_tools.tokenizers.word import _SYMBOLS_ALL, _SYMBOLS_RE

    every = [chr(code) for code in range(0x110000)]
    # A character alone, or followed by none of ``emoji_continues``: camel_tools'
    # pattern matches it alone, or not at all (see ner_cli.tokenize).
    split = frozenset(
        char for char in every if (m := _SYMBOLS_RE.match(char)) and m[0] in _SYMBOLS_ALL
    )
    starts = regex.compile(r"\p{Emoji}|\p{RI}|[0-9*#]")
    continues = regex.compile(r"\p{EMod}|\p{RI}|[\uFE0F\u200D\U000E0020-\U000E007F]")
    return CharTables(
        split=split,
        emoji_starts=frozenset(char for char in every if starts.fullmatch(char)),
        emoji_continues=frozenset(char for char in every if continues.fullmatch(char)),
        emoji_sequences=frozenset(symbol for symbol in _SYMBOLS_ALL if len(symbol) > 1),
        symbol_pattern=_SYMBOLS_RE.pattern,
        fold=_fold_table(),
    )


def _fold_table() -> dict[int, str]:
    """camel_tools' normalisers, applied to each character that may fold."""
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )

    arclean = CharMapper.builtin_mapper("arclean")
    steps = (dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar)
    table: dict[int, str] = {}
    for first, last in FOLDED_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            folded = arclean(char).strip()
            for step in steps:
                folded = step(folded)
            if folded != char:
                table[code] = folded
    for char in DROPPED:
        table[ord(char)] = ""
    return table


def _ranges(chars: frozenset[str]) -> list[list[int]]:
    """Code points as ``[first, last]`` runs, to keep the file small."""
    runs: list[list[int]] = []
    for code in sorted(map(ord, chars)):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return runs


def _chars(runs: list[list[int]]) -> frozenset[str]:
    return frozenset(chr(code) for first, last in runs for code in range(first, last + 1))
