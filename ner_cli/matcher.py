"""Gazetteer matches over tokens: every candidate first, then the non-overlapping best.

Matching and choosing are separate steps, as in spaCy's PhraseMatcher and
``filter_spans``: :func:`find_matches` returns every surface form found, overlaps
included; :func:`filter_spans` keeps the longest, then the earliest.

Arabic writes the proclitics و ف ب ك ل (and their combinations) attached to the
next word, so the first token of a name may carry them: ``بأوزبكستان``,
``ولرابطة الدول المستقلة``. ل before ال drops the alef: ``للأمم المتحدة`` is
ل + ``الأمم المتحدة``. Spans leave the proclitics out, as ENTITIES.md requires; for
لل the span starts after the first ل (``لأمم المتحدة``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .gazetteer import Entry, GazetteerIndex
from .normalize import normalize_key, original_prefix_length
from .tokenize import Token

__all__ = ["Mention", "filter_spans", "find_matches", "first_token_readings", "mention_of"]

# Longest first, so that و + ب is tried as وب before و alone.
PROCLITICS = ("وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل")
CONJUNCTIONS = ("", "و", "ف")
# A stripped stem shorter than this is too likely an ordinary word.
MIN_STEM_LENGTH = 3


@dataclass(frozen=True, slots=True)
class Mention:
    """A span ``[start, end)`` of the original text naming ``entry``."""

    start: int
    end: int
    text: str
    entry: Entry
    source: str = "gazetteer"
    score: float = 1.0

    @property
    def type(self) -> str:
        return self.entry.type

    @property
    def id(self) -> str:
        return self.entry.id


# Characters a span never starts with (they fold to nothing: tatweel, marks, zero-width
# and bidi controls) or ends with (the same, but for diacritics, which end a name's
# last letter).
_DIACRITICS = frozenset(chr(code) for code in range(0x064B, 0x0653)) | {"\u0670"}


def mention_of(
    text: str, start: int, end: int, entry: Entry, source: str = "gazetteer", score: float = 1.0
) -> Mention:
    """The mention of ``entry`` at ``text[start:end]``, without what folds to nothing at
    its edges: ``ـأوزبكستان`` is the mention ``أوزبكستان``."""
    while start < end and not normalize_key(text[start]):
        start += 1
    while end > start and text[end - 1] not in _DIACRITICS and not normalize_key(text[end - 1]):
        end -= 1
    return Mention(start, end, text[start:end], entry, source, score)


def first_token_readings(key: str) -> list[tuple[str, int]]:
    """Return the ways to read a first token: ``(stem key, proclitic length in the key)``.

    >>> first_token_readings("للامم")
    [('للامم', 0), ('الامم', 1), ('لامم', 1)]
    """
    readings = [(key, 0)]
    for conjunction in CONJUNCTIONS:
        prefix = conjunction + "لل"
        if key.startswith(prefix) and len(key) - len(prefix) >= MIN_STEM_LENGTH - 2:
            readings.append(("ال" + key[len(prefix) :], len(conjunction) + 1))
    for proclitic in PROCLITICS:
        if key.startswith(proclitic) and len(key) - len(proclitic) >= MIN_STEM_LENGTH:
            readings.append((key[len(proclitic) :], len(proclitic)))
    return readings


def find_matches(tokens: list[Token], index: GazetteerIndex, text: str) -> list[Mention]:
    """Return every gazetteer surface form found in the tokens, overlaps included."""
    keyed = [(key, token) for token in tokens if (key := normalize_key(token.text))]
    keys = [key for key, _ in keyed]
    mentions: list[Mention] = []
    for position, (key, token) in enumerate(keyed):
        for stem, proclitic_length in first_token_readings(key):
            longest = index.longest_phrase(stem)
            for length in range(min(longest, len(keyed) - position), 0, -1):
                entry = index.lookup((stem, *keys[position + 1 : position + length]))
                if entry is None:
                    continue
                start = token.start + original_prefix_length(token.text, proclitic_length)
                end = keyed[position + length - 1][1].end
                mentions.append(mention_of(text, start, end, entry))
    return mentions


def filter_spans(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep non-overlapping mentions, longest first, then earliest; return them in text order."""
    chosen: list[Mention] = []
    taken: set[int] = set()
    for mention in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        span = range(mention.start, mention.end)
        if taken.isdisjoint(span):
            chosen.append(mention)
            taken.update(span)
    return sorted(chosen, key=lambda m: m.start)
