"""Sentences: where each one starts, so that mentions can be counted together per sentence.

A sentence ends at a line end, or after ``.`` ``!`` ``?`` ``؟`` ``؛`` (a run of them,
with closing quotes and brackets right after, belongs to the sentence it ends). A full
stop ends nothing inside a number (``3.5``, ``٣.٥``), between Latin letters or digits
written without a space (``un.org``, ``U.S``), after a one-letter abbreviation (``د.``
for doctor, ``أ. ف. ب`` for AFP, ``J. Smith``), after a Latin title (``Dr.``,
``Prof.``), or after a list number opening a line (``1. ``). Whitespace and blank lines
between sentences belong to none.

Sentences are numbered from 1 like lines. A text cut at line ends (large documents
are tagged in pieces) has as many sentences as its pieces together, since a line end
always ends one. The learned tagger splits its input on its own tokens
(:func:`ner_cli.model.crf.sentences_of`), the way it was trained; this split is for
records and counting.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["sentence_number", "sentence_starts"]

MARKS = ".!?\u061f\u061b"  # . ! ? ؟ ؛
CLOSERS = "\"'\u201d\u2019\u00bb\u203a)]}"  # closing quotes and brackets
# A run of line ends is one end: the blank lines between would begin no sentence. Written
# as one character class, then the rest of the run by what its first character was
# (``\n+|[marks]+[closers]*`` as such): ``re`` scans for a pattern's first class fast, but
# tries an alternation at every character, which took three times as long.
_ENDS = re.compile(
    f"[\n{re.escape(MARKS)}](?:(?<=\n)\n*|(?<!\n)[{re.escape(MARKS)}]*[{re.escape(CLOSERS)}]*)"
)
_NOT_SPACE = re.compile(r"\S")  # what str.lstrip() stops at
LATIN_TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof", "gen", "jr", "sr", "st", "vs"})


def _is_latin_or_digit(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _word_before(text: str, position: int) -> tuple[str, int]:
    """The run of letters ending at ``position``, and where it starts."""
    start = position
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:position], start


def _opens_line(text: str, position: int) -> bool:
    """Whether only spaces stand between the start of its line and ``position``."""
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip(" \t")


def _stop_ends_sentence(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends a sentence (see the module docstring)."""
    before = text[dot - 1] if dot > 0 else ""
    if "\u0621" <= before <= "\u064a" and dot > 1 and text[dot - 2].isalpha():
        return True  # after an Arabic word of two letters or more, as most full stops are
    after = text[dot + 1] if dot + 1 < len(text) else ""
    if before.isdecimal() and after.isdecimal():
        return False  # 3.5
    if _is_latin_or_digit(before) and _is_latin_or_digit(after):
        return False  # un.org, U.S
    word, start = _word_before(text, dot)
    if len(word) == 1 or word.casefold() in LATIN_TITLES:
        return False  # د. أ. ف. ب J. Dr.
    if before.isdecimal():
        digits = start
        while digits > 0 and text[digits - 1].isdecimal():
            digits -= 1
        if after in (" ", "\t") and _opens_line(text, digits):
            return False  # "1. " numbering a list
    return True


def sentence_starts(text: str) -> list[int]:
    """The offset of each sentence's first character that is not whitespace, in order."""
    starts: list[int] = []
    begin = 0
    first_letter = _NOT_SPACE.search
    for match in _ENDS.finditer(text):
        end = match.end()
        if match.group().rstrip(CLOSERS) == "." and not _stop_ends_sentence(text, match.start()):
            continue  # a lone full stop that ends nothing: 3.5, د.
        found = first_letter(text, begin, end)
        if found is not None:  # else only white space lay between two ends
            starts.append(found.start())
        begin = end
    found = first_letter(text, begin)
    if found is not None:
        starts.append(found.start())
    return starts


def sentence_number(starts: list[int], offset: int) -> int:
    """The 1-based sentence of the character at ``offset``, given ``sentence_starts``."""
    return bisect.bisect_right(starts, offset)
