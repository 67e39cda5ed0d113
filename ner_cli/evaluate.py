"""Scoring predictions against gold mentions, exactly as ENTITIES.md defines it.

Per document and per type:

- a prediction is a true positive when it overlaps a gold mention of its type that
  no other prediction has matched (one to one, greedily by largest overlap);
- a prediction lying inside an already matched gold mention of its type is ignored,
  so splitting a long name costs nothing twice;
- every other prediction is a false positive, every unmatched gold mention a false
  negative.

The exact-boundary score counts a true positive only where start, end and type are
all equal. Linking accuracy is the share of matched pairs whose predicted id equals
the gold id, over the pairs whose gold mention has an id (gold files leave the id
empty for entities outside the core list, and those cannot be checked).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .errors import NerError
from .gazetteer import ENTITY_TYPES

__all__ = [
    "Span",
    "Counts",
    "Evaluation",
    "read_gold",
    "load_gold",
    "gold_by_doc",
    "check_gold_text",
    "unmatched_gold",
    "score",
    "doc_key",
]

GOLD_FIELDS = ("doc", "start", "end", "text", "type", "id")


@dataclass(frozen=True, slots=True)
class Span:
    """A mention as the scorer sees it."""

    doc: str
    start: int
    end: int
    text: str
    type: str
    id: str = ""

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
        }


@dataclass
class Evaluation:
    """Counts per type (lenient and exact), linking, and the errors behind them."""

    lenient: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    exact: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    linked: int = 0
    linkable: int = 0
    false_positives: list[Span] = field(default_factory=list)
    false_negatives: list[Span] = field(default_factory=list)
    wrong_links: list[tuple[Span, Span]] = field(default_factory=list)

    def table(self, counts: dict[str, Counts]) -> dict[str, dict]:
        rows = {kind: counts[kind].as_dict() for kind in ENTITY_TYPES if kind in counts}
        micro = Counts()
        for value in counts.values():
            micro.add(value)
        rows["micro"] = micro.as_dict()
        return rows

    def errors(self) -> Iterator[tuple[str, Span, Span | None]]:
        """Each error: ``FP`` and ``FN`` spans, then ``LINK`` (a predicted span whose id
        is not the gold's), with the gold span it was matched to."""
        yield from (("FP", span, None) for span in self.false_positives)
        yield from (("FN", span, None) for span in self.false_negatives)
        yield from (("LINK", predicted, gold) for predicted, gold in self.wrong_links)

    def as_dict(self) -> dict:
        return {
            "lenient": self.table(self.lenient),
            "exact": self.table(self.exact),
            "linking": {
                "correct": self.linked,
                "total": self.linkable,
                "accuracy": round(self.linked / self.linkable, 4) if self.linkable else 0.0,
            },
        }


def error_record(kind: str, span: Span, gold: Span | None, text: str, name: str) -> dict:
    """An error as a mention record of the document ``text`` (named ``name``, the
    path it was read from), for the errors table: ``kind``, ``line``, and for a wrong
    link the tagger's id and the gold's (``UZB≠TJK``)."""
    wrong_link = gold is not None and gold.id != span.id
    return {
        "kind": kind, "doc": name, "line": text.count("\n", 0, span.start) + 1,
        "start": span.start, "end": span.end, "text": span.text, "type": span.type,
        "id": f"{span.id or '-'}≠{gold.id or '-'}" if wrong_link else span.id,
        "name_ar": "", "name_en": "",
    }  # fmt: skip


def doc_key(name: str) -> str:
    """The part of a document name gold files use: its file name."""
    return Path(name).name


def read_gold(path: str | Path) -> list[tuple[int, Span]]:
    """Read a gold file: JSON lines with ``doc, start, end, text, type, id``, each span
    with the line it stands on.

    Checks what needs no document: fields and their types, whole-number offsets
    (JSON integers: not 3.5, "3" or true) and ``0 <= start < end``. A problem fails
    with the file, the line and what is wrong. What needs the document's text is
    ``check_gold_text``'s.
    """
    spans = []
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise NerError(f"{path}: cannot read gold file: {error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            # Decimal keeps a fraction or an overflowing number (1e400) as written.
            spans.append((number, _gold_span(json.loads(line, parse_float=Decimal))))
        except (ValueError, TypeError) as error:
            raise NerError(f"{path}:{number}: {error}") from None
    return spans


def _as_written(value) -> str:
    return str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False)


def _gold_span(row) -> Span:
    if not isinstance(row, dict):
        raise ValueError(f"expected a JSON object, found {type(row).__name__}")
    missing = [name for name in GOLD_FIELDS[:5] if name not in row]
    if missing:
        raise ValueError(f"missing field(s) {', '.join(missing)}")
    if row["type"] not in ENTITY_TYPES:
        raise ValueError(f"unknown type {row['type']!r}")
    for name in ("doc", "text"):
        if not isinstance(row[name], str):
            raise ValueError(f"{name} must be a string, not {_as_written(row[name])}")
    entity_id = row.get("id") or ""
    if not isinstance(entity_id, str):
        raise ValueError(f"id must be a string, not {_as_written(entity_id)}")
    for name in ("start", "end"):
        value = row[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(
                f"{name} must be a whole number of characters, not {_as_written(value)}"
            )
    start, end = row["start"], row["end"]
    if start < 0:
        raise ValueError(f"start {start} is negative")
    if start >= end:
        raise ValueError(f"start {start} is not before end {end}")
    return Span(doc_key(row["doc"]), start, end, row["text"], row["type"], entity_id)


def load_gold(path: str | Path) -> list[Span]:
    """Read a gold file (see ``read_gold``), without line numbers."""
    return [span for _, span in read_gold(path)]


def gold_by_doc(gold: Iterable[tuple[int, Span]]) -> dict[str, list[tuple[int, Span]]]:
    """Numbered gold spans grouped by document key."""
    groups: dict[str, list[tuple[int, Span]]] = defaultdict(list)
    for number, span in gold:
        groups[span.doc].append((number, span))
    return dict(groups)


def _shorten(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def check_gold_text(path: str | Path, gold: Iterable[tuple[int, Span]], text: str) -> None:
    """Check one document's numbered gold spans against its text: each must end within
    it and its ``text`` be the document's ``text[start:end]``. The first that does not
    fails with the gold file, its line and the problem."""
    for number, span in gold:
        if span.end > len(text):
            raise NerError(
                f"{path}:{number}: end {span.end} is past the end of {span.doc} "
                f"({len(text)} characters)"
            )
        found = text[span.start : span.end]
        if found != span.text:
            raise NerError(
                f"{path}:{number}: text {_shorten(span.text)!r} does not match {span.doc} "
                f"at {span.start}-{span.end}, which reads {_shorten(found)!r}"
            )


def unmatched_gold(
    path: str | Path, gold: Iterable[Span], documents: Collection[str], shown: int = 5
) -> str | None:
    """A one-line note naming the gold documents no input document matches, if any."""
    missing = sorted({span.doc for span in gold} - set(documents))
    if not missing:
        return None
    names = ", ".join(missing[:shown]) + (" …" if len(missing) > shown else "")
    if len(missing) == 1:
        return f"{path}: 1 gold document matches no input: {names}"
    return f"{path}: {len(missing)} gold documents match no input: {names}"


def _score_group(gold: list[Span], predicted: list[Span], evaluation: Evaluation) -> None:
    kind = (gold or predicted)[0].type
    pairs = sorted(
        (
            (p.overlap(g), -abs(p.start - g.start), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if p.overlap(g)
        ),
        reverse=True,
    )
    match_of_prediction: dict[int, int] = {}
    matched_gold: set[int] = set()
    for _, _, i, j in pairs:
        if i not in match_of_prediction and j not in matched_gold:
            match_of_prediction[i] = j
            matched_gold.add(j)
    counts = evaluation.lenient[kind]
    for i, p in enumerate(predicted):
        if i in match_of_prediction:
            counts.tp += 1
            g = gold[match_of_prediction[i]]
            if g.id:
                evaluation.linkable += 1
                if p.id == g.id:
                    evaluation.linked += 1
                else:
                    evaluation.wrong_links.append((p, g))
        elif any(
            j in matched_gold and g.start <= p.start and p.end <= g.end for j, g in enumerate(gold)
        ):
            continue  # a piece of a name already counted
        else:
            counts.fp += 1
            evaluation.false_positives.append(p)
    for j, g in enumerate(gold):
        if j not in matched_gold:
            counts.fn += 1
            evaluation.false_negatives.append(g)
    exact_gold = {(g.start, g.end) for g in gold}
    exact_predicted = {(p.start, p.end) for p in predicted}
    hits = len(exact_gold & exact_predicted)
    exact = evaluation.exact[kind]
    exact.tp += hits
    exact.fp += len(exact_predicted) - hits
    exact.fn += len(exact_gold) - hits


def score(gold: Iterable[Span], predicted: Iterable[Span]) -> Evaluation:
    """Score predictions against gold mentions, document by document, type by type."""
    groups: dict[tuple[str, str], tuple[list[Span], list[Span]]] = defaultdict(lambda: ([], []))
    for span in gold:
        groups[(span.doc, span.type)][0].append(span)
    for span in predicted:
        groups[(span.doc, span.type)][1].append(span)
    evaluation = Evaluation()
    for key in sorted(groups):
        gold_spans, predicted_spans = groups[key]
        _score_group(gold_spans, predicted_spans, evaluation)
    return evaluation
