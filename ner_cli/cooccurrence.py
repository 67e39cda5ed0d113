"""Who appears with whom: pairs of entities named in the same sentence of a document.

A pair is counted once per sentence that names both, however often each is named in
it; entities are keyed as :func:`entity_key` says, so a name the gazetteer lacks pairs
under its type and canonical Arabic name. The functions are pure; ``PairSummary``
totals them over a run (``--summary --pairs``) keeping counts only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import NamedTuple

__all__ = [
    "PAIR_FIELDS",
    "PairSummary",
    "Shared",
    "document_pairs",
    "entity_key",
    "sentence_pairs",
]

PAIR_FIELDS = (
    "id", "type", "name_ar", "name_en",
    "other_id", "other_type", "other_name_ar", "other_name_en",
    "sentences", "documents", "doc", "line", "sentence",
)  # fmt: skip


def entity_key(record: dict) -> str:
    """The entity a record names: its gazetteer id, or for a name the gazetteer lacks,
    its type and canonical Arabic name (``PERSON:سامي الحديدي``)."""
    return record["id"] or f"{record['type']}:{record['name_ar']}"


class Shared(NamedTuple):
    """How a pair shares sentences in one document: how many, the first, and the line
    of the first mention of either in that sentence."""

    sentences: int
    sentence: int
    line: int


def sentence_pairs(named: Iterable[tuple[str, int, int]]) -> dict[tuple[str, str], Shared]:
    """The pairs ``(a, b)``, ``a < b``, that a document names in one sentence, from its
    mentions as ``(entity, sentence, line)``."""
    first_line: dict[int, dict[str, int]] = defaultdict(dict)
    for key, sentence, line in named:
        seen = first_line[sentence]
        seen[key] = min(line, seen.get(key, line))
    found: dict[tuple[str, str], Shared] = {}
    for sentence in sorted(first_line):
        lines = first_line[sentence]
        for a, b in combinations(sorted(lines), 2):
            before = found.get((a, b))
            if before is None:
                found[(a, b)] = Shared(1, sentence, min(lines[a], lines[b]))
            else:
                found[(a, b)] = before._replace(sentences=before.sentences + 1)
    return found


def document_pairs(keys: Iterable[str]) -> list[tuple[str, str]]:
    """The pairs ``(a, b)``, ``a < b``, of the entities a document names anywhere."""
    return list(combinations(sorted(set(keys)), 2))


class PairSummary:
    """Pairs named in one sentence, over a run: sentences, documents, the first seen.

    Records come a document, or a piece of a large document, at a time; pieces never
    share a sentence, and a document counts once per pair however many pieces name it.
    """

    def __init__(self) -> None:
        self._names: dict[str, dict] = {}
        # pair → [sentences, documents, doc, line, sentence, last doc counted]
        self._pairs: dict[tuple[str, str], list] = {}

    def add(self, records: Iterable[dict]) -> None:
        records = list(records)
        if not records:
            return
        doc = records[0]["doc"]
        for record in records:
            self._names.setdefault(entity_key(record), record)
        named = ((entity_key(r), r["sentence"], r["line"]) for r in records)
        for pair, shared in sentence_pairs(named).items():
            totals = self._pairs.get(pair)
            if totals is None:
                self._pairs[pair] = [shared.sentences, 1, doc, shared.line, shared.sentence, doc]
                continue
            totals[0] += shared.sentences
            if totals[5] != doc:
                totals[1] += 1
                totals[5] = doc

    def _row(self, pair: tuple[str, str], totals: list) -> dict:
        first, other = (self._names[key] for key in pair)
        return {
            "id": first["id"], "type": first["type"],
            "name_ar": first["name_ar"], "name_en": first["name_en"],
            "other_id": other["id"], "other_type": other["type"],
            "other_name_ar": other["name_ar"], "other_name_en": other["name_en"],
            "sentences": totals[0], "documents": totals[1],
            "doc": totals[2], "line": totals[3], "sentence": totals[4],
        }  # fmt: skip

    def rows(self, sort: str = "count", min_count: int = 1, limit: int | None = None) -> list[dict]:
        """One row per pair named together in at least ``min_count`` sentences, sorted
        by ``sort`` (one of :data:`ner_cli.summary.SORT_KEYS`), at most ``limit`` of
        them. ``documents`` counts the documents with such a sentence; ``doc``, ``line``
        and ``sentence`` say where the pair was first seen."""
        rows = [
            self._row(pair, totals)
            for pair, totals in self._pairs.items()
            if totals[0] >= min_count
        ]

        def name(row: dict, prefix: str = "") -> str:
            return (row[f"{prefix}name_en"] or row[f"{prefix}name_ar"]).casefold()

        orders = {
            "count": lambda r: (-r["sentences"], -r["documents"], name(r), name(r, "other_")),
            "documents": lambda r: (-r["documents"], -r["sentences"], name(r), name(r, "other_")),
            "name": lambda r: (name(r), name(r, "other_")),
            "type": lambda r: (r["type"], r["other_type"], -r["sentences"], name(r)),
            "id": lambda r: (r["id"] or "\uffff", r["other_id"] or "\uffff", name(r)),
        }
        return sorted(rows, key=orders[sort])[:limit]
