"""Per-entity totals over a run: who and what the articles name, how often, and how.

Only counts are kept, never the records themselves, so a summary of a whole
archive costs memory in proportion to the number of entities, not of mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

__all__ = ["SUMMARY_FIELDS", "SORT_KEYS", "Summary"]

SUMMARY_FIELDS = ("id", "type", "name_ar", "name_en", "mentions", "documents", "forms")
SORT_KEYS = ("count", "documents", "name", "type", "id")


class Summary:
    """Mentions, documents and surface forms per entity.

    Entities are keyed by type and id; mentions found by the context rules without
    an id are keyed by their canonical Arabic name instead.
    """

    def __init__(self) -> None:
        self._names: dict[tuple[str, str], dict] = {}
        self._mentions: Counter[tuple[str, str]] = Counter()
        self._documents: dict[tuple[str, str], set[str]] = {}
        self._forms: dict[tuple[str, str], Counter[str]] = {}

    def add(self, records: Iterable[dict]) -> None:
        for record in records:
            key = (record["type"], record["id"] or record["name_ar"])
            if key not in self._names:
                self._names[key] = {
                    "id": record["id"],
                    "type": record["type"],
                    "name_ar": record["name_ar"],
                    "name_en": record["name_en"],
                }
                self._documents[key] = set()
                self._forms[key] = Counter()
            self._mentions[key] += 1
            self._documents[key].add(record["doc"])
            self._forms[key][record["text"]] += 1

    def rows(self, sort: str = "count", min_count: int = 1) -> list[dict]:
        """One row per entity mentioned at least ``min_count`` times, sorted by ``sort``.

        ``forms`` lists the surface forms seen, most frequent first.
        """
        rows = [
            {
                **names,
                "mentions": self._mentions[key],
                "documents": len(self._documents[key]),
                "forms": [form for form, _ in self._forms[key].most_common()],
            }
            for key, names in self._names.items()
            if self._mentions[key] >= min_count
        ]
        orders = {
            "count": lambda r: (-r["mentions"], -r["documents"], r["type"], r["name_ar"]),
            "documents": lambda r: (-r["documents"], -r["mentions"], r["type"], r["name_ar"]),
            "name": lambda r: ((r["name_en"] or r["name_ar"]).casefold(), r["type"]),
            "type": lambda r: (r["type"], -r["mentions"], r["name_ar"]),
            "id": lambda r: (r["id"] or "\uffff", r["type"], r["name_ar"]),
        }
        return sorted(rows, key=orders[sort])
