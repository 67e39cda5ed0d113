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

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import compress, count, repeat

import numpy as np

from ..lexicon import SEPARATORS, STOP_WORDS
from ..normalize import normalize_key
from .proclitics import proclitic_length

__all__ = [
    "batch_decisions",
    "consistency_key",
    "decision_row",
    "document_features",
    "document_rows",
    "entities_of_labels",
    "list_features",
    "list_places",
]

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
    for none) and their first-pass labels (IOB2), both over the whole text."""
    rows: list[list[str]] = [[] for _ in keys]
    positions, numbers, distinct = document_rows(keys, labels)
    for i, number in zip(positions, numbers, strict=True):
        rows[i] = list(distinct[number])
    return rows


def document_rows(
    keys: Sequence[str], labels: Sequence[str]
) -> tuple[list[int], list[int], list[tuple[str, ...]]]:
    """``document_features`` as the tokens that may have some (in order), the number of
    each one's row among the distinct rows, and those rows (a row may be empty).

    A token's row depends only on its key, its own type and its place in an entity:
    each such combination is worked out once per text, and a word the text holds
    once, in no longer entity, has none. Tokens are told apart in C (``map``,
    ``compress``, ``zip``), since most of a text's tokens share a few dozen rows."""
    kinds = {label: label[2:] if label != "O" else "O" for label in set(labels)}
    totals = Counter(keys)
    roles: defaultdict[str, Counter] = defaultdict(Counter)
    place: list[tuple[str, str] | None] = [None] * len(keys)
    for first, last, kind in _longer_entities(labels):
        for p in range(first, last):
            if keys[p]:
                role = "first" if p == first else "last" if p == last - 1 else "inner"
                roles[keys[p]][kind, role] += 1
                place[p] = (kind, role)
    having = {key for key, n in totals.items() if key and (n > 1 or key in roles)}
    held = list(map(having.__contains__, keys))
    positions = list(compress(count(), held))
    held_keys = list(compress(keys, held))
    held_types = list(map(kinds.__getitem__, compress(labels, held)))
    # (key, type) pairs counted over the held tokens alone: all the tokens of a held key
    pairs = Counter(zip(held_keys, held_types, strict=True))
    seen = list(zip(held_keys, held_types, compress(place, held), strict=True))
    # Each combination is numbered where it first comes; then its row is worked out.
    first_at: dict[tuple, int] = {}
    numbers = list(map(first_at.setdefault, seen, count()))
    renumber = {at: n for n, at in enumerate(first_at.values())}
    numbers = list(map(renumber.__getitem__, numbers))
    distinct = [
        _known_row(pairs, combination, totals[combination[0]] - 1, roles.get(combination[0]))
        for combination in first_at
    ]
    return positions, numbers, distinct


# The rows worked out so far, by what decides them (``_known_row``).
_ROWS: dict[tuple, tuple[str, ...]] = {}
_MOST_ROWS = 1 << 16


def _known_row(pairs: Counter, seen: tuple, n: int, found: Counter | None) -> tuple[str, ...]:
    """``_row`` as a tuple, remembered: a row depends on the key only through the
    counts of its types and places in the text, which recur from word to word and
    from text to text, so the same few hundred rows are all most texts need."""
    key, kind_here, own = seen
    counts = tuple(map(pairs.get, zip(repeat(key), _ORDER), repeat(0)))
    places = tuple(sorted(found.items())) if found else ()
    decided = (counts, n, kind_here, own, places)
    row = _ROWS.get(decided)
    if row is None:
        row = tuple(_row(pairs, seen, n, found))
        if len(_ROWS) >= _MOST_ROWS:
            _ROWS.clear()
        _ROWS[decided] = row
    return row


def _longer_entities(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """The entities of two tokens or more of IOB2 labels."""
    return [(first, last, kind) for first, last, kind in entities_of_labels(labels)
            if last - first >= 2]  # fmt: skip


def entities_of_labels(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """``corpora.entities_of`` over IOB2 labels, read off the labels that begin or go on
    with an entity (``B-``, ``I-``) alone, found in C: any other label ends an entity,
    as a gap between two such labels does. A step per entity token, not per token."""
    inside = {label for label in set(labels) if label[:2] in ("B-", "I-")}
    found, start, kind, last = [], None, "", -2
    for i in compress(count(), map(inside.__contains__, labels)):
        label = labels[i]
        prefix, what = label[:2], label[2:]
        if start is not None and not (i == last + 1 and prefix == "I-" and what == kind):
            found.append((start, last + 1, kind))
            start = None
        if prefix == "B-" or (prefix == "I-" and start is None):
            start, kind = i, what
        last = i
    if start is not None:
        found.append((start, last + 1, kind))
    return found


def _row(pairs: Counter, seen: tuple, n: int, found: Counter | None) -> list[str]:
    """The features of a token, ``seen`` being its key, its own type and its place in an
    entity (or None), whose key ``n`` other tokens of the text hold; ``pairs`` counts the
    text's (key, type) pairs, ``found`` the key's places in its longer entities."""
    key, kind_here, own = seen
    row: list[str] = []
    if n:
        others = {kind: pairs[key, kind] - (kind == kind_here) for kind in _ORDER}
        top = max(_ORDER, key=others.__getitem__)  # ties: the first in _ORDER
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


# Where a token stands in a longer entity (``_row``'s ``own``), numbered as in a decision.
_ROLES = ("first", "inner", "last")


class _LabelTable:
    """What a batch's label numbers say: each label's type (``_ORDER``'s, then any
    other kind, in label order) and whether it begins (``B-``) or goes on with (``I-``)
    an entity, as arrays indexed by label number."""

    def __init__(self, names: Sequence[str]):
        kinds = [str(name)[2:] if name != "O" else "O" for name in names]
        self.types = (*_ORDER, *(kind for kind in dict.fromkeys(kinds) if kind not in _ORDER))
        self.type_of = np.array([self.types.index(kind) for kind in kinds], dtype=np.int64)
        self.begins = np.array([name[:2] == "B-" for name in names])
        self.goes_on = np.array([name[:2] == "I-" for name in names])


_TABLES: dict[tuple[str, ...], _LabelTable] = {}


def _label_table(names: Sequence[str]) -> _LabelTable:
    found = _TABLES.get(key := tuple(names))
    if found is None:
        found = _TABLES[key] = _LabelTable(names)
    return found


def batch_decisions(
    texts: np.ndarray, keys: np.ndarray, labels: np.ndarray, names: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``document_rows`` for a batch of texts at once, by array steps: each token's text
    number (texts one after another), key number (0 for none, the same number for the
    same key) and first-pass label number (of the label ``names``). Returns the tokens
    that may have a row (in order), the number of each one's decision, and the
    decisions: what decides a row (``_known_row``), as rows of integers (the counts of
    each type of the key in its text, the token's type, its place in a longer entity,
    and the counts of the key's places there), one for each key, type and place of a
    text (two may be equal); ``decision_row`` reads a row from one.

    The counting is done over integers (``np.bincount``, ``np.unique``) rather than a
    step per token in Python: a batch's thousands of keyed tokens come down to a
    decision for each distinct word, type and place of each text."""
    table = _label_table(names)
    kinds = len(table.types)
    types = table.type_of[labels]
    # The longer entities, as ``entities_of_labels`` finds them: an I- label goes on
    # with an entity of its kind at the token before, in the same text.
    inside = table.begins[labels] | table.goes_on[labels]
    goes_on = np.zeros(len(labels), dtype=bool)
    same_text = texts[1:] == texts[:-1]
    goes_on[1:] = table.goes_on[labels[1:]] & inside[:-1] & (types[1:] == types[:-1]) & same_text
    starts = inside & ~goes_on
    entity = np.cumsum(starts) - 1
    within = np.flatnonzero(inside)
    longer = np.zeros(len(labels), dtype=bool)
    longer[within] = np.bincount(entity[within])[entity[within]] >= 2
    ends = inside & ~np.append(goes_on[1:], False)
    role = np.where(starts, 0, np.where(ends, 2, 1))
    # 0 outside a longer entity (or without a key), else 1 + kind * 3 + role
    place = np.where(longer & (keys != 0), 1 + types * 3 + role, 0)
    # The keys of each text, numbered; a key held twice or in a longer entity has rows.
    keyed = np.flatnonzero(keys)
    if not len(keyed):
        nothing = np.empty(0, dtype=np.intp)
        return nothing, nothing, np.empty((0, 2 + 4 * kinds), dtype=np.int64)
    text_keys = texts[keyed].astype(np.int64) * (int(keys.max()) + 1) + keys[keyed]
    _, group = np.unique(text_keys, return_inverse=True)
    group = group.ravel()
    totals = np.bincount(group)
    in_entity = np.zeros(len(totals), dtype=bool)
    in_entity[group[place[keyed] > 0]] = True
    held = (totals[group] > 1) | in_entity[group]
    positions, group = keyed[held], group[held]
    groups, own_type, own_place = len(totals), types[positions], place[positions]
    counts = np.bincount(group * kinds + own_type, minlength=groups * kinds)
    placed = own_place > 0
    places = np.bincount(
        group[placed] * (3 * kinds) + own_place[placed] - 1, minlength=groups * 3 * kinds
    )
    # Each (key, type, place) of a text is one combination; each decides one row.
    combination = (group * kinds + own_type) * (3 * kinds + 1) + own_place
    combinations, numbers = np.unique(combination, return_inverse=True)
    group, rest = np.divmod(combinations, kinds * (3 * kinds + 1))
    kind_here, own = np.divmod(rest, 3 * kinds + 1)
    counts, places = counts.reshape(groups, kinds), places.reshape(groups, 3 * kinds)
    decisions = np.column_stack([counts[group], kind_here, own, places[group]])
    return positions, numbers.ravel(), decisions


def decision_row(names: Sequence[str], decision: np.ndarray) -> tuple[str, ...]:
    """The row (``_row``) a decision of ``batch_decisions`` stands for, with the label
    ``names`` it was made with."""
    types = _label_table(names).types
    kinds = len(types)
    counts, (kind_here, own), at = np.split(decision, [kinds, kinds + 2])
    pairs = Counter({("", kind): int(c) for kind, c in zip(types, counts, strict=True) if c})
    found = Counter({(types[j // 3], _ROLES[j % 3]): int(c) for j, c in enumerate(at) if c})
    place = (types[(own - 1) // 3], _ROLES[(own - 1) % 3]) if own else None
    seen = ("", types[kind_here], place)
    return tuple(_row(pairs, seen, int(counts.sum()) - 1, found or None))


def list_features(written: Sequence[str], labels: Sequence[str]) -> list[list[str]]:
    """Where a comma parts items of a list, what the first pass made of the item beside
    it: ``lp=TYPE`` for the word right after a comma that follows an entity of TYPE,
    ``ln=TYPE`` for the word right before a comma that an entity of TYPE follows (a
    name among names: ومدحت صالح ، ومحمد منير ، علي الحجار). Over a whole text."""
    rows: list[list[str]] = [[] for _ in written]
    for at in compress(count(), map(SEPARATORS.__contains__, written)):
        if 0 < at < len(written) - 1:  # a word on each side
            left, right = labels[at - 1], labels[at + 1]
            if left[:2] in ("B-", "I-"):
                rows[at + 1].append(f"lp={left[2:]}")
            if right[:2] == "B-":
                rows[at - 1].append(f"ln={right[2:]}")
    return rows


def list_places(
    written: Sequence[str], texts: np.ndarray, labels: np.ndarray, names: Sequence[str]
) -> dict[str, np.ndarray]:
    """``list_features`` for a batch of texts at once (text numbers and first-pass label
    numbers of the label ``names``, as ``batch_decisions`` takes them): the tokens that
    take each feature, by feature name. No token takes one feature twice."""
    commas = np.fromiter(compress(count(), map(SEPARATORS.__contains__, written)), dtype=np.intp)
    commas = commas[(commas > 0) & (commas < len(written) - 1)]
    commas = commas[(texts[commas - 1] == texts[commas]) & (texts[commas + 1] == texts[commas])]
    table = _label_table(names)
    left, right = labels[commas - 1], labels[commas + 1]
    found: dict[str, np.ndarray] = {}
    for feature, beside, inside, places in (
        ("lp", left, table.begins[left] | table.goes_on[left], commas + 1),
        ("ln", right, table.begins[right], commas - 1),
    ):
        kinds = table.type_of[beside]
        for kind in np.unique(kinds[inside]):
            found[f"{feature}={table.types[kind]}"] = places[inside & (kinds == kind)]
    return found
