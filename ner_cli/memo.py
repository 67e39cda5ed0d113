"""What is kept of words once looked at: short words only.

Words repeat, so what tagging learns of one (its key, stems, features) is kept. A
"word" longer than ``LONGEST_KEPT`` characters is no name and seldom repeats: text
extracted without spaces can make one of a whole page, or of a whole file cut into
pieces. Kept, each would hold copies of itself (its key, its stems, its features) in
every cache; so it is looked at afresh each time, which costs its length, never more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache, wraps
from typing import TypeVar

__all__ = ["LONGEST_KEPT", "WordCache", "keeps", "short_cache"]

# No name's word comes near: the gazetteer's and the model's longest are 14 letters.
LONGEST_KEPT = 64

T = TypeVar("T")


def keeps(word: str) -> bool:
    """Whether what is learnt of ``word`` may be kept."""
    return len(word) <= LONGEST_KEPT


def short_cache(maxsize: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """``functools.lru_cache`` for a function of one word, for short words only.

    >>> @short_cache(8)
    ... def size(word): return len(word)
    >>> size("طشقند"), size("ب" * 100)
    (5, 100)
    """

    def decorate(function: Callable[[str], T]) -> Callable[[str], T]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def look_up(word: str) -> T:
            return cached(word) if len(word) <= LONGEST_KEPT else function(word)

        return look_up

    return decorate


class WordCache(dict):
    """What was learnt per word, for an object's own lookups: short words only, and
    emptied once it holds more than ``limit`` of them, so an archive's vocabulary never
    piles up.

    >>> cache = WordCache(limit=8)
    >>> cache.remember("طشقند", len), cache.remember("ب" * 100, len), len(cache)
    (5, 100, 1)
    """

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def remember(self, word: str, learn: Callable[[str], T]) -> T:
        known = self.get(word)
        if known is None:
            known = learn(word)
            if len(self) > self.limit:
                self.clear()
            if keeps(word):
                self[word] = known
        return known

    def remember_all(self, words: Sequence[str], learn: Callable[[str], T]) -> list[T]:
        """What ``remember`` gives for each of ``words``, each new distinct one learnt
        once, and the known ones looked up without a Python call per word.

        >>> WordCache(limit=8).remember_all(["طشقند", "و", "طشقند"], len)
        [5, 1, 5]
        """
        known = list(map(self.get, words))
        # Every word known already: one pass, in C. Each value true (a Word, say) says
        # so faster than a comparison of each with None.
        if all(known) or None not in known:
            return known
        new = set(words).difference(self)
        if not new:
            return list(map(self.__getitem__, words))
        learnt = {word: learn(word) for word in new}
        if len(self) + len(learnt) <= self.limit and all(map(keeps, learnt)):
            self.update(learnt)
            return list(map(self.__getitem__, words))
        # Too many to keep, or a word too long to: look up in what this text needs alone.
        needed = {word: self[word] for word in set(words).difference(new)}
        needed.update(learnt)
        if len(self) + len(learnt) > self.limit:
            self.clear()
        self.update({word: known for word, known in learnt.items() if keeps(word)})
        return list(map(needed.__getitem__, words))
