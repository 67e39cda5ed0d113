"""What the context rules know about each token of one text.

Tokens that fold to nothing (a lone tatweel, a zero-width mark) are left out, so
neighbours are real words.
"""

from __future__ import annotations

from collections.abc import Sequence

from .gazetteer import Entry
from .lexicon import (
    COMPOUND_HEADS,
    COMPOUND_TAILS,
    DESCRIPTORS,
    ROLE_HEADS,
    STOP_WORDS,
    TANWEEN,
    TITLES,
    Lexicon,
    is_definite,
    stems,
)
from .matcher import Mention, mention_of
from .normalize import normalize_key
from .tokenize import Token

__all__ = ["TokenContext", "MAX_NAME_TOKENS"]

MAX_NAME_TOKENS = 4
_NOT_NAMES = TITLES | ROLE_HEADS | STOP_WORDS | DESCRIPTORS


class TokenContext:
    """The tokens of a text, their keys, and which mentions already cover them."""

    def __init__(
        self,
        text: str,
        tokens: Sequence[Token],
        mentions: Sequence[Mention],
        lexicon: Lexicon,
        blocked: Sequence[Mention] = (),
    ):
        self.text = text
        self.tokens = [t for t in tokens if normalize_key(t.text)]
        self.keys = [normalize_key(t.text) for t in self.tokens]
        self.stems = [stems(key) for key in self.keys]
        self.lexicon = lexicon
        # The type of the mention covering each token, or "" where none does; "-" where a
        # gazetteer form was set aside for want of context (كابل: a city, or a cable),
        # which is no unknown name either.
        self.covered: list[str] = [""] * len(self.tokens)
        blocked_spans = [(m.start, m.end) for m in blocked]
        ordered = sorted(mentions, key=lambda m: m.start)
        j = 0
        for i, token in enumerate(self.tokens):
            while j < len(ordered) and ordered[j].end <= token.start:
                j += 1
            if j < len(ordered) and ordered[j].start < token.end:
                self.covered[i] = ordered[j].type
            elif any(s < token.end and token.start < e for s, e in blocked_spans):
                self.covered[i] = "-"

    def __len__(self) -> int:
        return len(self.tokens)

    def starts_line(self, i: int) -> bool:
        """Whether token ``i`` is the first of its line."""
        start = self.tokens[i].start
        return not self.text[self.text.rfind("\n", 0, start) + 1 : start].strip()

    def line_ends_after(self, i: int) -> bool:
        """Whether token ``i`` is the last of its line."""
        end = self.tokens[i].end
        following = self.text.find("\n", end)
        return not self.text[end : following if following >= 0 else len(self.text)].strip()

    def index_at(self, offset: int) -> int | None:
        """Return the index of the token holding character ``offset``."""
        for i, token in enumerate(self.tokens):
            if token.start <= offset < token.end:
                return i
        return None

    def has(self, i: int, words: frozenset[str]) -> bool:
        """Whether token ``i`` exists and is one of ``words``, proclitics aside."""
        return 0 <= i < len(self.tokens) and bool(self.stems[i] & words)

    def is_name_like(self, i: int, previous: str | None = None) -> bool:
        """Whether token ``i`` could be part of a name nobody has tagged yet.

        ``previous`` is the key of the name's preceding token, if the name has
        begun: a definite word continues a compound name (عبد العزيز).
        """
        key = self.keys[i]
        if self.covered[i] or len(key) < 2 or not key[0].isalpha() or key.isascii():
            return False
        if TANWEEN.intersection(self.tokens[i].text):  # مؤكداً: an adverb, never a name
            return False
        if self.stems[i] & _NOT_NAMES:
            # Inside a name, a given name is one even where it spells a word too:
            # سيد علي رضا (على "on"), محمد أمين خان (أمين "secretary").
            inside = previous is not None and previous in self.lexicon.given
            return inside and key in self.lexicon.given and not key.startswith("ال")
        if is_definite(key):
            # عبد العزيز، سراج الدين, and family names after a given name: سلام الحسيني.
            return previous is not None and (
                previous in COMPOUND_HEADS
                or key in COMPOUND_TAILS
                or (
                    previous in self.lexicon.given
                    and not self.lexicon.is_everyday(key)
                    and not self.lexicon.is_demonym(key)
                )
            )
        return not self.lexicon.is_everyday(key)

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

    def mention(self, first: int, last: int, entry: Entry, score: float, skip: int = 0) -> Mention:
        """A rule mention from token ``first`` to token ``last``, the first ``skip`` characters
        of the first token (a proclitic) left out."""
        start, end = self.tokens[first].start + skip, self.tokens[last].end
        return mention_of(self.text, start, end, entry, "rule", score)
