"""Matching keys: Arabic spelling variation folded away, for lookup only.

Keys are never shown and never used for offsets: spans always index the original
text. Folding follows camel_tools' own normalisers, applied once per character to
build a table of what each character folds to (shipped, see ner_cli.chartables), so a
key costs a search for the few characters that fold and a replace of each:

- presentation forms, Persian/Urdu letters (ی ک), tatweel: camel_tools' ``arclean``
  character map;
- diacritics: ``dediac_ar``;
- alef variants (أ إ آ ٱ -> ا), alef maksura (ى -> ي), teh marbuta (ة -> ه):
  ``normalize_alef_ar``, ``normalize_alef_maksura_ar``, ``normalize_teh_marbuta_ar``;
- zero-width and bidi control characters are dropped.

Text is NFC-composed first, so a decomposed hamza (ا + U+0654) folds like أ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import groupby

from .chartables import tables
from .memo import short_cache

__all__ = ["fold_text", "normalize_key", "normalize_phrase", "original_prefix_length"]

# Each character that folds to something else and what it folds to: computed from
# camel_tools' normalisers once and shipped (ner_cli.chartables). What a character folds
# to folds to itself (tests/test_normalize.py checks it), so the characters can be
# replaced one after another, in any order, as ``str.translate`` would map each.
_FOLDS = {chr(code): folded for code, folded in tables().fold.items()}


def _any_of(chars: Iterable[str]) -> re.Pattern[str]:
    """A pattern of one character of ``chars``, written as runs of code points (a
    class of some 1,200 single characters takes three times as long to compile)."""
    runs = groupby(enumerate(sorted(map(ord, chars))), key=lambda pair: pair[1] - pair[0])
    codes = [[code for _, code in run] for _, run in runs]
    return re.compile(
        "[" + "".join(f"{re.escape(chr(run[0]))}-{re.escape(chr(run[-1]))}" for run in codes) + "]"
    )


_FOLDING = _any_of(_FOLDS)


@short_cache(maxsize=1 << 17)
def normalize_key(token: str) -> str:
    """Return the matching key of one token.

    >>> normalize_key("بِأُوزْبَكِسْتان")
    'باوزبكستان'
    >>> normalize_key("ﺍﻟﺼﻴﻦ")  # presentation forms, as PDF extraction leaves them
    'الصين'
    """
    return fold_text(token)


def fold_text(text: str) -> str:
    """``normalize_key``'s folding of any text, kept nowhere. Words joined by line ends
    fold to their keys joined by line ends (a line end is a starter nothing composes
    with, and folds to itself): a list of words is folded in one call.

    Nearly every character of a text folds to itself: those that do not are found in
    one pass of a character set, and each replaced throughout at once. Where
    ``str.translate`` looks up every character in its table (and raises a KeyError for
    each the table lacks), this folds a long text several times faster."""
    text = unicodedata.normalize("NFC", text)
    for char in set(_FOLDING.findall(text)):
        text = text.replace(char, _FOLDS[char])
    return text


def normalize_phrase(tokens: list[str]) -> tuple[str, ...]:
    """Return the keys of a token sequence, dropping tokens that fold to nothing."""
    keys = (normalize_key(token) for token in tokens)
    return tuple(key for key in keys if key)


def original_prefix_length(token: str, key_prefix_length: int) -> int:
    """Return how many characters of ``token`` make up its key's first ``n`` characters.

    Used to place a span after a proclitic found on the key: in ``وَبِأوزبكستان`` the
    key prefix ``وب`` (2 characters) covers 4 characters of the original.

    >>> original_prefix_length("وَبِأوزبكستان", 2)
    4
    """
    if key_prefix_length <= 0:
        return 0
    if len(token) > key_prefix_length and _PLAIN_LETTERS.issuperset(token[: key_prefix_length + 1]):
        return key_prefix_length  # letters that are their own keys: nearly every proclitic
    end = _first_prefix_folding_to(token, key_prefix_length)
    if end is None:
        return len(token)
    if len(normalize_key(token[:end])) > key_prefix_length:
        # One character holds the proclitic and the name's first letter (a PDF
        # ligature such as ﻷ = ل + أ): it stays in the span, lest the name lose a letter.
        return end - 1
    # Diacritics written on the proclitic belong to it, not to the name.
    while end < len(token) and not normalize_key(token[end]):
        end += 1
    return end


# The Arabic letters (no mark) that are their own key: one after another, each folds to
# itself and composes with none of the others, so a prefix of them is its own key.
_PLAIN_LETTERS = frozenset(
    char for char in map(chr, range(0x0621, 0x064B)) if fold_text(char) == char
)

# Prefixes tried one by one before bisection takes over (see below).
_PREFIXES_TRIED = 16


def _first_prefix_folding_to(token: str, length: int) -> int | None:
    """The shortest ``end`` such that ``token[:end]`` folds to at least ``length``
    characters, or None. A prefix folds to no fewer characters than a shorter one, so
    past the first few (where the answer lies in any real word) the prefixes are
    bisected: a long run of what folds to nothing (tatweel, marks) after a proclitic
    costs its length a few times, not its square."""
    for end in range(1, min(len(token), _PREFIXES_TRIED) + 1):
        if len(normalize_key(token[:end])) >= length:
            return end
    low, high = _PREFIXES_TRIED + 1, len(token)
    if low > high or len(normalize_key(token)) < length:
        return None
    while low < high:
        middle = (low + high) // 2
        if len(normalize_key(token[:middle])) >= length:
            high = middle
        else:
            low = middle + 1
    return low
