"""What the context rules know about each token of one text.

A ``TokenSheet`` holds what never changes while the rules run (the words, their
keys and stems), computed once per text; a ``TokenContext`` adds what the mentions
found so far cover, and is cheap to make again after each rule. Tokens that fold to
nothing (a lone tatweel, a zero-width mark) are left out, so neighbours are real
words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Container, Sequence
from itertools import chain, compress, count
from operator import itemgetter

from .clitics import first_token_readings, keys_read_as
from .gazetteer import Entry
from .lexicon import (
    CLOSING_QUOTES,
    COMPOUND_HEADS,
    COMPOUND_TAILS,
    NOT_NAMES,
    OPENING_QUOTES,
    TRIGGER_BITS,
    Lexicon,
    Word,
    is_definite,
    spelled_like_name,
    stems,
)
from .matcher import Mention, mention_of
from .normalize import original_prefix_length
from .tokenize import Token

__all__ = ["MAX_NAME_TOKENS", "TokenContext", "TokenSheet"]

MAX_NAME_TOKENS = 4
_TRIGGERS = itemgetter(3)  # Word.triggers
_KEY, _STEMS, _START = itemgetter(0), itemgetter(1), itemgetter(1)  # of a Word, of a Token
# A set of words is found through the keys that can read as them when it is this many
# times smaller than the text's vocabulary, else by asking each distinct key.
_FEW_WORDS = 16
# White space other than a line end, then a line end or the text's end.
_BLANK_TO_LINE_END = re.compile(r"[^\S\n]*(?:\n|\Z)")


class TokenSheet:
    """The words of one text, their keys and stems, and which could be names by their
    spelling alone: all computed once per text."""

    def __init__(
        self,
        text: str,
        tokens: Sequence[Token],
        lexicon: Lexicon,
        words: Sequence[Word] | None = None,
        keys: Sequence[str] | None = None,
    ):
        if words is None:
            words = lexicon.words([token.text for token in tokens])
        # The words only (a key that folds to nothing is no word), kept in C: no Python
        # code runs per token. ``keys`` are the words' keys, when the caller has them.
        keys = list(map(_KEY, words)) if keys is None else list(keys)
        self.text = text
        self.lexicon = lexicon
        if not all(keys):  # an empty key among them (asked faster than ``"" in keys``)
            self.tokens = list(compress(tokens, keys))
            self.words = list(compress(words, keys))
            self.keys = list(compress(keys, keys))
        else:  # every token a word, as in nearly every text
            self.tokens, self.words, self.keys = list(tokens), list(words), keys
        self.stems = list(map(_STEMS, self.words))
        self.starts = list(map(_START, self.tokens))
        self._name_like: dict[tuple[int, str | None], bool] = {}
        self._positions: dict[frozenset[str] | int, list[int]] = {}
        self._spans: dict[tuple[int, int], tuple[int, int]] = {}
        self._distinct: set[str] | None = None  # each key once, when first asked
        # The few words that set a rule off (a title, a role, a demonym …), found in C.
        self._triggered = list(compress(count(), map(_TRIGGERS, self.words)))

    def positions(self, words: frozenset[str]) -> list[int]:
        """The indices of the words that are one of ``words``, proclitics aside."""
        found = self._positions.get(words)
        if found is None:
            bit = TRIGGER_BITS.get(words)
            distinct = self.distinct_keys
            if bit is not None:  # known to each word already
                found = self.positions_of(bit)
            elif len(words) * _FEW_WORDS < len(distinct):
                # Only a key that is one of the words behind a proclitic can read as one:
                # those are made from the words and checked, not every key of the text.
                keys = distinct.intersection(chain.from_iterable(map(keys_read_as, words)))
                found = self.positions_in({key for key in keys if not stems(key).isdisjoint(words)})
            else:
                found = self.positions_where(lambda key: not stems(key).isdisjoint(words))
            self._positions[words] = found
        return found

    def positions_where(self, holds: Callable[[str], bool]) -> list[int]:
        """The indices of the words whose key ``holds``, asked of each distinct key once."""
        return self.positions_in(set(filter(holds, self.distinct_keys)))

    def positions_in(self, keys: Container[str]) -> list[int]:
        """The indices of the words whose key is one of ``keys``, found in C."""
        return list(compress(count(), map(keys.__contains__, self.keys)))

    @property
    def distinct_keys(self) -> set[str]:
        """Each key of the text once."""
        if self._distinct is None:
            self._distinct = set(self.keys)
        return self._distinct

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """The words a span of the text ``[start, end)`` touches, as a range ``(first,
        stop)`` of word indices (empty if none); kept, since the rules mark the same
        mentions again and again."""
        span = self._spans.get((start, end))
        if span is None:
            starts = self.starts
            first = bisect.bisect_right(starts, start) - 1
            if first < 0 or self.tokens[first].end <= start:
                first += 1
            span = self._spans[(start, end)] = (first, bisect.bisect_left(starts, end))
        return span

    def positions_of(self, bit: int) -> list[int]:
        """The indices of the words whose ``Word.triggers`` have ``bit`` set."""
        found = self._positions.get(bit)
        if found is None:
            words = self.words
            found = self._positions[bit] = [i for i in self._triggered if words[i].triggers & bit]
        return found

    def could_be_name(self, i: int, previous: str | None) -> bool:
        """Whether word ``i`` could be part of a name, by its spelling and vocabulary alone."""
        if previous is None:
            return self.words[i].starts_name
        known = self._name_like.get((i, previous))
        if known is None:
            known = self._name_like[(i, previous)] = self._could_be_name(i, previous)
        return known

    def _could_be_name(self, i: int, previous: str) -> bool:
        key = self.keys[i]
        lexicon = self.lexicon
        if not spelled_like_name(key, self.tokens[i].text):
            return False
        if self.stems[i] & NOT_NAMES:
            # Inside a name, a given name is one even where it spells a word too:
            # سيد علي رضا (على "on"), محمد أمين خان (أمين "secretary").
            inside = previous in lexicon.given
            return inside and key in lexicon.given and not key.startswith("ال")
        if is_definite(key):
            # عبد العزيز، سراج الدين, and family names after a given name: سلام الحسيني.
            return (
                previous in COMPOUND_HEADS
                or key in COMPOUND_TAILS
                or (
                    previous in lexicon.given
                    and not lexicon.is_everyday(key)
                    and not lexicon.is_demonym(key)
                )
            )
        return not lexicon.is_everyday(key)


class TokenContext:
    """The words of a text, and which mentions already cover them."""

    def __init__(
        self,
        sheet: TokenSheet,
        mentions: Sequence[Mention],
        blocked: Sequence[Mention] = (),
    ):
        self.sheet = sheet
        self.text = sheet.text
        self.tokens = sheet.tokens
        self.keys = sheet.keys
        self.stems = sheet.stems
        self.lexicon = sheet.lexicon
        self._runs: dict[int, int] = {}
        # The type of the mention covering each token, or "" where none does; "-" where a
        # gazetteer form was set aside for want of context (كابل: a city, or a cable),
        # which is no unknown name either.
        self.covered: list[str] = [""] * len(self.tokens)
        self._mark(blocked, "-")
        self._mark(mentions)

    def _mark(self, mentions: Sequence[Mention], kind: str | None = None) -> None:
        covered, token_span = self.covered, self.sheet.token_span
        for mention in mentions:
            first, stop = token_span(mention.start, mention.end)
            if first < stop:
                covered[first:stop] = [kind or mention.entry.type] * (stop - first)

    def cover(self, mentions: Sequence[Mention]) -> None:
        """Mark the words of newly found mentions as covered."""
        if mentions:
            self._mark(mentions)
            self._runs.clear()

    def __len__(self) -> int:
        return len(self.tokens)

    def starts_line(self, i: int) -> bool:
        """Whether token ``i`` is the first of its line: only white space stands between
        it and the line end before it (or the text's start). Only that white space is
        read, not the rest of the line, which may be the whole text."""
        text, at = self.text, self.tokens[i].start - 1
        while at >= 0 and text[at] != "\n":
            if not text[at].isspace():
                return False
            at -= 1
        return True

    def line_ends_after(self, i: int) -> bool:
        """Whether token ``i`` is the last of its line: only white space follows it up to
        a line end (or the text's end)."""
        return _BLANK_TO_LINE_END.match(self.text, self.tokens[i].end) is not None

    def index_at(self, offset: int) -> int | None:
        """Return the index of the token holding character ``offset``."""
        i = bisect.bisect_right(self.sheet.starts, offset) - 1
        if i >= 0 and offset < self.tokens[i].end:
            return i
        return None

    def has(self, i: int, words: frozenset[str]) -> bool:
        """Whether token ``i`` exists and is one of ``words``, proclitics aside."""
        return 0 <= i < len(self.tokens) and not self.stems[i].isdisjoint(words)

    def is_name_like(self, i: int, previous: str | None = None) -> bool:
        """Whether token ``i`` could be part of a name nobody has tagged yet.

        ``previous`` is the key of the name's preceding token, if the name has
        begun: a definite word continues a compound name (عبد العزيز).
        """
        return not self.covered[i] and self.sheet.could_be_name(i, previous)

    def is_given_name(self, i: int) -> bool:
        """Whether token ``i`` exists and is a given name (so a name goes on through it)."""
        if not 0 <= i < len(self.tokens) or not self.is_name_like(i):
            return False
        return bool(self.stems[i] & self.lexicon.given)

    def _hyphen_joins(self, i: int) -> bool:
        """Whether token ``i`` is a hyphen written tight between two name-like tokens:
        ماركوارت-شولتس."""
        if not (0 < i < len(self.tokens) - 1) or self.keys[i] not in ("-", "‐"):
            return False
        tight = self.tokens[i - 1].end == self.tokens[i].start == self.tokens[i + 1].start - 1
        return tight and self.is_name_like(i + 1)

    def name_run(self, i: int) -> int:
        """Return how many tokens of a name start at ``i`` (0 if none)."""
        known = self._runs.get(i)
        if known is None:
            known = self._runs[i] = self._name_run(i)
        return known

    def _name_run(self, i: int) -> int:
        length = 0
        names = 0
        while i + length < len(self.tokens) and names < MAX_NAME_TOKENS:
            here = i + length
            if length and self._hyphen_joins(here):
                length += 2
                names += 1
                continue
            if not self.is_name_like(here, self.keys[here - 1] if length else None):
                break
            length += 1
            names += 1
        return length

    def quoted(self, i: int, reach: int = 6) -> int | None:
        """If a quotation of at most ``reach`` words opens at word ``i``, return the index
        of its closing quote."""
        if i >= len(self.tokens) or self.keys[i] not in OPENING_QUOTES:
            return None
        for j in range(i + 1, min(i + 2 + reach, len(self.tokens))):
            if self.keys[j] in CLOSING_QUOTES:
                return j if j > i + 1 else None
        return None

    def unknown(self, first: int, last: int, kind: str, score: float, skip: int = 0) -> Mention:
        """A rule mention of an entity the gazetteer does not know: no id, its name as
        written."""
        found = self.mention(first, last, Entry("", kind, "", ""), score, skip)
        named = Entry("", kind, found.text, "")  # made directly: dataclasses.replace is slow
        return Mention(found.start, found.end, found.text, named, found.source, found.score)

    def word_as(self, i: int, find: Callable[[str], Entry | None], score: float) -> Mention | None:
        """The mention of word ``i`` read the first way (proclitics taken off or not) that
        ``find`` knows, the proclitic left out of the span; None if no reading is known."""
        for stem, proclitic in first_token_readings(self.keys[i]):
            entry = find(stem)
            if entry is not None:
                skip = original_prefix_length(self.tokens[i].text, proclitic)
                return self.mention(i, i, entry, score, skip)
        return None

    def mention(self, first: int, last: int, entry: Entry, score: float, skip: int = 0) -> Mention:
        """A rule mention from token ``first`` to token ``last``, the first ``skip`` characters
        of the first token (a proclitic) left out."""
        start, end = self.tokens[first].start + skip, self.tokens[last].end
        return mention_of(self.text, start, end, entry, "rule", score)
