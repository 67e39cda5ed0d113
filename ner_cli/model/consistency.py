"""Document-level consistency: how a word was tagged elsewhere in its text.

A name recurs in a news story, and is not always written in a context that gives it
away (``لافروف`` alone, after ``سيرغي لافروف``). A second CRF pass (Krishnan &
Manning 2006) sees, besides the first pass's features, what the first pass made of
the word's OTHER occurrences in the same text:

- ``dt=TYPE`` the majority first-pass type (``O`` included) of the other tokens
  with the same key, and ``dt=TYPE:N`` with their number bucketed; ``dh=TYPE`` for
  each entity type some of them got (``dh=TYPE:most`` where at least half did);
- ``de=TYPE:ROLE`` for each first-pass entity of two words or more elsewhere in the
  text that holds the key, by where it stands in it (``first``, ``inner``, ``last``:
  a surname alone after the full name reads ``de=PERSON:last``).

The key is the word's matching key behind the proclitics the vocabulary reads off
(``ولافروف`` and ``لافروف`` share it); function words and punctuation have none.
The second pass is trained on first-pass labels from jackknifing
(``scripts/train_tagger.py --two-stage``), so that it learns how far to trust them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ..lexicon import STOP_WORDS
from ..normalize import normalize_key
from .corpora import entities_of
from .proclitics import proclitic_length

__all__ = ["consistency_key", "document_features"]

# The order that breaks ties between types, the most frequent first.
_ORDER = ("O", "PERSON", "LOC", "COUNTRY", "ORG")


def consistency_key(
    written: str, counts: Mapping[str, int], names: Mapping[str, int] | None = None
) -> str:
    """The key a token's occurrences are matched by in its text, or "" for none."""
    key = normalize_key(written)
    if not key or not key[0].isalpha():
        return ""
    strip = proclitic_length(written, counts, key, names)
    if strip:
        key = normalize_key(written[strip:])
    if len(key) < 2 or key in STOP_WORDS:
        return ""
    return key


def _bucket(n: int) -> str:
    return "1" if n == 1 else "2" if n == 2 else "3" if n <= 5 else "6"


def document_features(keys: Sequence[str], labels: Sequence[str]) -> list[list[str]]:
    """The consistency features of each token of a text, from the tokens' keys (""
    for none) and their first-pass labels (IOB2), both over the whole text. A token's
    row depends only on its key, its own type and its place in an entity: each such
    combination is worked out once per text, and a word the text holds once, in no
    longer entity, has none."""
    types = [label[2:] if label != "O" else "O" for label in labels]
    totals = Counter(keys)
    pairs = Counter(zip(keys, types, strict=True))
    roles: dict[str, Counter] = {}
    place: dict[int, tuple[str, str]] = {}
    for first, last, kind in entities_of([("", label) for label in labels]):
        if last - first < 2:
            continue
        for p in range(first, last):
            if keys[p]:
                role = "first" if p == first else "last" if p == last - 1 else "inner"
                roles.setdefault(keys[p], Counter())[kind, role] += 1
                place[p] = (kind, role)
    known: dict[tuple, tuple[str, ...]] = {}
    rows: list[list[str]] = []
    for i, key in enumerate(keys):
        others = totals[key] - 1 if key else 0
        found = roles.get(key) if key else None
        if not others and not found:
            rows.append([])
            continue
        seen = (key, types[i], place.get(i))
        row = known.get(seen)
        if row is None:
            row = known[seen] = tuple(_row(pairs, seen, others, found))
        rows.append(list(row))
    return rows


def _row(pairs: Counter, seen: tuple, n: int, found: Counter | None) -> list[str]:
    """The features of a token, ``seen`` being its key, its own type and its place in an
    entity (or None), whose key ``n`` other tokens of the text hold; ``pairs`` counts the
    text's (key, type) pairs, ``found`` the key's places in its longer entities."""
    key, kind_here, own = seen
    row: list[str] = []
    if n:
        others = {kind: pairs[key, kind] - (kind == kind_here) for kind in _ORDER}
        top = max(_ORDER, key=lambda kind: others[kind])  # ties: the first in _ORDER
        row += [f"dt={top}", f"dt={top}:{_bucket(n)}"]
        for kind in _ORDER[1:]:
            if others[kind]:
                row.append(f"dh={kind}")
                if 2 * others[kind] >= n:
                    row.append(f"dh={kind}:most")
    if found:
        for (kind, role), c in sorted(found.items()):
            if c - ((kind, role) == own) > 0:
                row.append(f"de={kind}:{role}")
    return row
