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

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from itertools import compress, count
from operator import attrgetter, sub

from .gazetteer import Entry, GazetteerIndex
from .normalize import normalize_key, original_prefix_length
from .tokenize import Token

__all__ = ["Mention", "filter_spans", "find_matches", "mention_of"]


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


def _mention_maker() -> Callable[[int, int, str, Entry, str, float], Mention]:
    """``Mention(start, end, text, entry, source, score)``, made in half the time: the
    frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which
    looks the field up by name; this sets each through its slot at once. The class stays
    frozen (nothing else may set a field) and the mention is the same in every way."""
    new = object.__new__
    setters = [getattr(Mention, field.name).__set__ for field in fields(Mention)]
    set_start, set_end, set_text, set_entry, set_source, set_score = setters

    def make(start: int, end: int, text: str, entry: Entry, source: str, score: float) -> Mention:
        mention = new(Mention)
        set_start(mention, start)
        set_end(mention, end)
        set_text(mention, text)
        set_entry(mention, entry)
        set_source(mention, source)
        set_score(mention, score)
        return mention

    return make


_make_mention = _mention_maker()


# A span never starts with what folds to nothing (tatweel, marks, zero-width and bidi
# controls), nor ends with it, except for combining marks, which belong to the last
# letter (بُوتِينْ, a decomposed hamza).


def mention_of(
    text: str, start: int, end: int, entry: Entry, source: str = "gazetteer", score: float = 1.0
) -> Mention:
    """The mention of ``entry`` at ``text[start:end]``, without what folds to nothing at
    its edges: ``ـأوزبكستان`` is the mention ``أوزبكستان``."""
    if start < end and _FOLDS_AWAY.get(text[start]) is _FOLDS_AWAY.get(text[end - 1]) is False:
        return _make_mention(start, end, text[start:end], entry, source, score)  # letters at edges
    while start < end and _folds_away(text[start]):
        start += 1
    while end > start and _folds_away(text[end - 1]) and not unicodedata.combining(text[end - 1]):
        end -= 1
    return _make_mention(start, end, text[start:end], entry, source, score)


_FOLDS_AWAY: dict[str, bool] = {}


def _folds_away(char: str) -> bool:
    """Whether one character folds to nothing; kept per character, since edges of
    mentions are nearly always the same few letters."""
    known = _FOLDS_AWAY.get(char)
    if known is None:
        if len(_FOLDS_AWAY) > 1 << 12:  # never piles up, whatever the text
            _FOLDS_AWAY.clear()
        known = _FOLDS_AWAY[char] = not normalize_key(char)
    return known


def find_matches(
    tokens: list[Token], index: GazetteerIndex, text: str, keys: list[str] | None = None
) -> list[Mention]:
    """Return every gazetteer surface form found in the tokens, overlaps included.

    ``keys`` are the tokens' matching keys, when the caller has them already.
    """
    if keys is None:
        keys = [normalize_key(token.text) for token in tokens]
    if len(keys) != len(tokens):
        raise ValueError("one key per token is needed")
    if not all(keys):  # the words only (nearly every text has no token that folds to nothing)
        tokens, keys = list(compress(tokens, keys)), list(compress(keys, keys))
    # Most words open no surface form: each distinct word is asked once, and only the
    # positions of those that do are looked at.
    openers = index.openers(keys)
    mentions: list[Mention] = []
    for position in compress(count(), map(openers.__contains__, keys)):
        token = tokens[position]
        for stem, proclitic_length, fewest, longest in openers[keys[position]]:
            most = min(longest, len(keys) - position)
            for length, entry in index.forms_at(stem, keys, position + 1, fewest, most):
                start = token.start
                if proclitic_length:
                    start += original_prefix_length(token.text, proclitic_length)
                end = tokens[position + length - 1].end
                mentions.append(mention_of(text, start, end, entry))
    return mentions


def filter_spans(mentions: Iterable[Mention]) -> list[Mention]:
    """Keep non-overlapping mentions, longest first, then earliest; return them in text order."""
    mentions = sorted(mentions, key=_START)
    if _apart(mentions):
        return mentions  # none overlaps another: every one is kept, and these are in order
    # Longest first, then earliest: a stable sort by length alone keeps text order
    # among equals. The characters taken are marked in a bytearray, asked and set in C
    # a span at a time rather than a character at a time.
    starts, ends = list(map(_START, mentions)), list(map(_END, mentions))
    low = starts[0]
    taken = bytearray(max(0, max(ends) - low))
    chosen: list[Mention] = []
    for i in sorted(range(len(mentions)), key=list(map(sub, starts, ends)).__getitem__):
        start, end = starts[i] - low, ends[i] - low
        if taken.find(1, start, end) < 0:
            chosen.append(mentions[i])
            taken[start:end] = _TAKEN * (end - start)
    return sorted(chosen, key=_START)


_START, _END = attrgetter("start"), attrgetter("end")
_TAKEN = b"\x01"


def _apart(mentions: list[Mention]) -> bool:
    """Whether mentions in text order each end before the next begins, none empty."""
    end = -1
    for mention in mentions:
        if mention.start < end or mention.start >= mention.end:
            return False
        end = mention.end
    return True
