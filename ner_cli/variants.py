"""Spelling variants the gazetteer does not list: one letter off a known name.

Arabic transliterates foreign names inconsistently (قيرغيزستان، قرغيزستان،
قرغزيستان …). A token that is not everyday vocabulary, at least
``MIN_LENGTH`` letters long, and one edit (a substitution, insertion, deletion, or
swap of two neighbouring letters) away from one-word names of exactly one entity is
linked to that entity. The edit may not touch the first letter or the last two, so
suffixes that make another word (إيران → إيراني، روسيا → روسي) never match.

Candidates come from a deletion index (each name with each letter left out once),
so lookups cost a handful of dictionary probes whatever the gazetteer's size. A word
more than one letter longer than the longest indexed name is no near miss of any, and
is turned away before its deletions are made: they would cost the square of its
length (a 40,000-letter "word" of text extracted without spaces).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import compress

from .clitics import first_token_readings
from .context import TokenContext
from .gazetteer import Entry, phrase_key
from .matcher import Mention
from .memo import WordCache

__all__ = ["VariantIndex", "find_variants", "one_edit_apart"]

MIN_LENGTH = 6
SCORE_VARIANT = 0.6


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one edit, swaps of neighbours included.

    >>> one_edit_apart("قرغزيستان", "قرغيزستان"), one_edit_apart("طاجكستان", "طاجيكستان")
    (True, True)
    """
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        first, second = diffs[0], diffs[-1]
        return (
            len(diffs) == 2
            and second == first + 1
            and a[first] == b[second]
            and a[second] == b[first]
        )
    shorter, longer = sorted((a, b), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


class VariantIndex:
    """One-word names of entities, indexed for near-miss lookup.

    Built from ``(phrase key, entry)`` pairs, one per surface form, as
    :meth:`GazetteerIndex.forms` gives them (the forms are tokenised once, there);
    :meth:`of_entries` keys the entries' forms itself.
    """

    def __init__(self, forms: Iterable[tuple[tuple[str, ...], Entry]]):
        # Each deletion lists the (name, id) pairs it comes from, each pair once.
        self._by_deletion: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._entries: dict[str, Entry] = {}
        self._seen: dict[str, Entry | None] = {}  # words repeat: look each up once
        self._may_name = WordCache(limit=1 << 17)
        self.longest = 0  # letters of the longest indexed name
        names = [
            (key[0], entry) for key, entry in forms if len(key) == 1 and len(key[0]) >= MIN_LENGTH
        ]
        # The first entry of each id, and each (name, id) pair once, in order.
        self._entries = {entry.id: entry for _, entry in reversed(names)}
        pairs = dict.fromkeys((name, entry.id) for name, entry in names)
        self.longest = max((len(name) for name, _ in pairs), default=0)
        for pair in pairs:
            name = pair[0]
            deletions = _deletions(name)
            deletions.add(name)
            for deleted in deletions:
                self._by_deletion[deleted].append(pair)

    @classmethod
    def of_entries(cls, entries: Iterable[Entry]) -> VariantIndex:
        """The index of these entries' one-word names."""
        return cls(
            (phrase_key(surface), entry) for entry in entries for surface in entry.surface_forms
        )

    def lookup(self, word: str) -> Entry | None:
        """Return the one entity ``word`` is a near miss of, if exactly one."""
        if not MIN_LENGTH <= len(word) <= self.longest + 1:
            return None
        if word not in self._seen:
            if len(self._seen) > 1 << 16:
                self._seen.clear()
            self._seen[word] = self._lookup(word)
        return self._seen[word]

    def may_name(self, key: str) -> bool:
        """Whether a word (a token's key) is long enough, and one of its readings
        (proclitics taken off or not) a near miss of a known name; kept, since words
        repeat."""
        return self._may_name.remember(key, self._may_name_afresh)

    def naming_keys(self, keys: Iterable[str]) -> set[str]:
        """The keys among ``keys`` that ``may_name``, each new one judged once and the
        known ones looked up in C."""
        keys = list(keys)
        return set(compress(keys, self._may_name.remember_all(keys, self._may_name_afresh)))

    def _may_name_afresh(self, key: str) -> bool:
        return len(key) >= MIN_LENGTH and any(
            self.lookup(stem) is not None for stem, _ in first_token_readings(key)
        )

    def _lookup(self, word: str) -> Entry | None:
        found = set()
        for probe in _deletions(word) | {word}:
            for name, entry_id in self._by_deletion.get(probe, ()):
                if name[0] == word[0] and name[-2:] == word[-2:] and one_edit_apart(name, word):
                    found.add(entry_id)
        if len(found) != 1:
            return None
        return self._entries[found.pop()]


def find_variants(ctx: TokenContext, index: VariantIndex) -> list[Mention]:
    """Near misses of known one-word names among the tokens nobody has tagged."""
    found = []
    sheet = ctx.sheet
    # Only at a word that may name a known name can one be found.
    for i in sheet.positions_in(index.naming_keys(sheet.distinct_keys)):
        if not ctx.is_name_like(i) or ctx.name_run(i) != 1:
            continue
        if (variant := ctx.word_as(i, index.lookup, SCORE_VARIANT)) is not None:
            found.append(variant)
    return found
