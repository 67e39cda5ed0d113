"""Bringing an archive up to date: which documents to tag, and each one written whole.

A document is tagged when it is new, when its content hash changed, or when the
tagger or the gazetteers differ from those that tagged it (:mod:`.fingerprint`);
otherwise it is left as it is. Each tagged document is written in its own transaction:
its old mentions out, the new ones in, the entity counts and co-occurrence pairs
updated by the difference. A run that stops (Ctrl-C, a crash, a full disk) leaves every
finished document complete and the unfinished one absent, and the next run tags what
is missing. Documents no longer found under the paths of a run stay unless pruned.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..cooccurrence import document_pairs, entity_key, sentence_pairs
from ..errors import ArchiveError
from ..inputs import Document
from ..pipeline import PIECE_CHARACTERS
from ..sentences import sentence_starts
from .fingerprint import content_hash
from .schema import open_archive

__all__ = ["Archive", "describe"]

SENTENCE, DOCUMENT = "sentence", "document"

_UPSERT_ENTITY = """
INSERT INTO entities (id, type, name_ar, name_en, linked, mentions, documents)
VALUES (?, ?, ?, ?, ?, 0, 0)
ON CONFLICT (id) DO UPDATE SET
    type = excluded.type, name_ar = excluded.name_ar, name_en = excluded.name_en,
    linked = excluded.linked
"""
_INSERT_MENTION = """
INSERT INTO mentions (document_id, start, end, text, type, entity_id, source, score,
                      line, sentence, context)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
# Assignments read the row as it was: the first document and sentence move to this
# document's when it comes earlier, or when it is the first document being re-tagged.
_ADD_PAIR = """
INSERT INTO cooccurrence (entity_id, other_id, scope, count, first_document, first_sentence)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (entity_id, scope, other_id) DO UPDATE SET
    count = count + excluded.count,
    first_sentence = CASE WHEN excluded.first_document <= first_document
                          THEN excluded.first_sentence ELSE first_sentence END,
    first_document = min(first_document, excluded.first_document)
"""
_SUBTRACT_PAIR = """
UPDATE cooccurrence SET count = count - ? WHERE entity_id = ? AND scope = ? AND other_id = ?
"""
_FIRST_SENTENCE = """
SELECT a.document_id, a.sentence FROM mentions AS a
WHERE a.entity_id = ? AND EXISTS (
    SELECT 1 FROM mentions AS b
    WHERE b.entity_id = ? AND b.document_id = a.document_id AND b.sentence = a.sentence)
ORDER BY a.document_id, a.sentence LIMIT 1
"""
_FIRST_DOCUMENT = """
SELECT a.document_id, NULL FROM mentions AS a
WHERE a.entity_id = ? AND EXISTS (
    SELECT 1 FROM mentions AS b WHERE b.entity_id = ? AND b.document_id = a.document_id)
ORDER BY a.document_id LIMIT 1
"""


@dataclass
class _Named:
    """What a document names, gathered over its pieces: for counts and pairs."""

    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # entity, sentence, line

    def pairs(self) -> dict[tuple[str, str, str], tuple[int, int | None]]:
        """Each pair and scope → (count, first sentence)."""
        found: dict[tuple[str, str, str], tuple[int, int | None]] = {}
        for (a, b), shared in sentence_pairs(self.mentions).items():
            found[(a, b, SENTENCE)] = (shared.sentences, shared.sentence)
        for a, b in document_pairs(key for key, _, _ in self.mentions):
            found[(a, b, DOCUMENT)] = (1, None)
        return found

    def counts(self) -> Counter[str]:
        return Counter(key for key, _, _ in self.mentions)


@dataclass
class _Open:
    """The document being written, inside its transaction."""

    document: Document
    id: int
    old: _Named
    new: _Named = field(default_factory=_Named)


def _lines(text: str) -> int:
    return text.count("\n") + (0 if not text or text.endswith("\n") else 1)


def _under(path: str, roots: Sequence[str]) -> bool:
    where = os.path.abspath(path)
    for root in roots:
        top = os.path.abspath(root)
        if where == top or os.path.commonpath([where, top]) == top:
            return True
    return False


class Archive:
    """An SQLite archive being brought up to date by one run.

    ``needs_tagging(document)`` says whether a document read from disk must be tagged
    (and counts those that need not); ``write(records, document)`` takes the records of
    a document, or of a piece of a large one, as the pipeline yields them; ``close``
    commits the last document. Used as a context manager, an exception (Ctrl-C) rolls
    back the unfinished document.
    """

    def __init__(self, path: str | Path, tagger_version: str, gazetteer_hash: str,
                 piece_characters: int = PIECE_CHARACTERS):  # fmt: skip
        self.path = str(path)
        self.tagger_version = tagger_version
        self.gazetteer_hash = gazetteer_hash
        self.piece_characters = piece_characters
        self.connection = open_archive(path)
        self.counts: Counter[str] = Counter()  # new, changed, retagged, unchanged, pruned…
        self._hashes: dict[str, tuple[str, str]] = {}  # document → (why, content hash)
        self._open: _Open | None = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.close()
        else:
            self._rollback()
            self.connection.close()

    def _sql(self, statement: str, parameters=()) -> sqlite3.Cursor:
        try:
            return self.connection.execute(statement, parameters)
        except sqlite3.Error as error:
            raise self._failure(error) from None

    def _many(self, statement: str, rows: Iterable) -> None:
        try:
            self.connection.executemany(statement, rows)
        except sqlite3.Error as error:
            raise self._failure(error) from None

    def _failure(self, error: sqlite3.Error) -> ArchiveError:
        self._rollback()
        problem = str(error)
        if "locked" in problem:
            problem = "locked by another run writing to it; try again when it is done"
        return ArchiveError(self.path, f"cannot write: {problem}")

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.rollback()
        self._open = None

    # ------------------------------------------------------------ what to tag

    def changed_settings(self, paths: Iterable[str]) -> tuple[int, str]:
        """How many of these documents an other tagger or gazetteer tagged, and which
        changed (``tagger``, ``gazetteer``, ``tagger and gazetteer``; empty if none)."""
        wanted = set(paths)
        stale, what = 0, set()
        rows = self._sql("SELECT path, tagger_version, gazetteer_hash FROM documents")
        for path, version, gazetteer in rows:
            if path in wanted and (version, gazetteer) != (
                self.tagger_version,
                self.gazetteer_hash,
            ):
                stale += 1
                what |= {"tagger"} if version != self.tagger_version else set()
                what |= {"gazetteer"} if gazetteer != self.gazetteer_hash else set()
        return stale, " and ".join(sorted(what, reverse=True))

    def needs_tagging(self, document: Document) -> bool:
        """Whether ``document`` is new, changed, or tagged by another tagger or
        gazetteer; unchanged ones are counted and need nothing more."""
        digest = content_hash(document)
        row = self._sql(
            "SELECT content_hash, tagger_version, gazetteer_hash FROM documents WHERE path = ?",
            (document.name,),
        ).fetchone()
        if row is None:
            why = "new"
        elif row[0] != digest:
            why = "changed"
        elif (row[1], row[2]) != (self.tagger_version, self.gazetteer_hash):
            why = "retagged"
        else:
            self.counts["unchanged"] += 1
            return False
        self._hashes[document.name] = (why, digest)
        return True

    # ------------------------------------------------------------ writing

    def write(self, records: list[dict], document: Document) -> None:
        """Add the records of ``document`` (or of one of its pieces); a document that
        is one piece is committed at once, a larger one when the next one starts."""
        if self._open is None or self._open.document is not document:
            self.finish()
            self._begin(document)
        self._add(records)
        if len(document.text) <= self.piece_characters:
            self.finish()

    def _begin(self, document: Document) -> None:
        why, digest = self._hashes.pop(document.name, None) or ("new", content_hash(document))
        self._sql("BEGIN IMMEDIATE")
        text = document.text
        values = (
            digest, document.title, len(text), _lines(text), len(sentence_starts(text)),
            datetime.now(UTC).isoformat(timespec="seconds"),
            self.tagger_version, self.gazetteer_hash,
        )  # fmt: skip
        row = self._sql("SELECT id FROM documents WHERE path = ?", (document.name,)).fetchone()
        if row is None:
            cursor = self._sql(
                "INSERT INTO documents (content_hash, title, characters, lines, sentences, "
                "tagged_at, tagger_version, gazetteer_hash, mentions, path) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                (*values, document.name),
            )
            self._open = _Open(document, cursor.lastrowid, _Named())
        else:
            self._open = _Open(document, row[0], self._remove_mentions(row[0]))
            self._sql(
                "UPDATE documents SET content_hash = ?, title = ?, characters = ?, lines = ?, "
                "sentences = ?, tagged_at = ?, tagger_version = ?, gazetteer_hash = ?, "
                "mentions = 0 WHERE id = ?",
                (*values, row[0]),
            )
        self.counts[why] += 1

    def _add(self, records: list[dict]) -> None:
        opened = self._open
        entities = {}
        for record in records:
            key = entity_key(record)
            entities.setdefault(key, record)
            opened.new.mentions.append((key, record["sentence"], record["line"]))
        self._many(
            _UPSERT_ENTITY,
            ((key, r["type"], r["name_ar"], r["name_en"], int(bool(r["id"])))
             for key, r in entities.items()),
        )  # fmt: skip
        self._many(
            _INSERT_MENTION,
            ((opened.id, r["start"], r["end"], r["text"], r["type"], entity_key(r),
              r["source"], r["score"], r["line"], r["sentence"], r["context"])
             for r in records),
        )  # fmt: skip

    def finish(self) -> None:
        """Commit the document being written: its counts and pairs, then the transaction."""
        opened = self._open
        if opened is None:
            return
        self._apply(opened.id, opened.new, +1)
        gone = set(opened.old.pairs()) - set(opened.new.pairs())
        self._settle(opened.id, opened.old, gone)
        self._sql(
            "UPDATE documents SET mentions = ? WHERE id = ?",
            (len(opened.new.mentions), opened.id),
        )
        self._sql("COMMIT")
        self._open = None

    def close(self) -> None:
        """Commit the last document and close the archive."""
        try:
            self.finish()
        finally:
            self._rollback()
            self.connection.close()

    # ------------------------------------------------------------ counts and pairs

    def _remove_mentions(self, document_id: int) -> _Named:
        """Take a document's mentions out, and their share of the counts and pairs."""
        old = _Named(
            self._sql(
                "SELECT entity_id, sentence, line FROM mentions WHERE document_id = ?",
                (document_id,),
            ).fetchall()
        )
        self._sql("DELETE FROM mentions WHERE document_id = ?", (document_id,))
        self._apply(document_id, old, -1)
        return old

    def _apply(self, document_id: int, named: _Named, sign: int) -> None:
        """Add (``sign`` +1) or subtract (-1) what a document names to the totals."""
        self._many(
            "UPDATE entities SET mentions = mentions + ?, documents = documents + ? WHERE id = ?",
            ((sign * count, sign, key) for key, count in named.counts().items()),
        )
        both_ways = [
            (a, b, scope, count, first)
            for (x, y, scope), (count, first) in named.pairs().items()
            for a, b in ((x, y), (y, x))
        ]
        if sign > 0:
            self._many(
                _ADD_PAIR,
                (
                    (a, b, scope, count, document_id, first)
                    for a, b, scope, count, first in both_ways
                ),
            )
        else:
            self._many(
                _SUBTRACT_PAIR,
                ((count, a, scope, b) for a, b, scope, count, _ in both_ways),
            )

    def _settle(self, document_id: int, old: _Named, gone: set[tuple[str, str, str]]) -> None:
        """After a document left or changed (``old``: what it named before): the pairs it
        no longer names but first showed take their first example from the others, and
        the pairs and entities nothing names any more go. Only rows it named are read."""
        for a, b, scope in gone:
            for x, y in ((a, b), (b, a)):
                row = self._sql(
                    "SELECT count, first_document FROM cooccurrence "
                    "WHERE entity_id = ? AND scope = ? AND other_id = ?",
                    (x, scope, y),
                ).fetchone()
                if row is None or row[0] <= 0 or row[1] != document_id:
                    continue
                query = _FIRST_SENTENCE if scope == SENTENCE else _FIRST_DOCUMENT
                first = self._sql(query, (x, y)).fetchone()
                self._sql(
                    "UPDATE cooccurrence SET first_document = ?, first_sentence = ? "
                    "WHERE entity_id = ? AND scope = ? AND other_id = ?",
                    (*first, x, scope, y),
                )
        self._many(
            "DELETE FROM cooccurrence WHERE entity_id = ? AND scope = ? AND other_id = ? "
            "AND count <= 0",
            ((x, scope, y) for a, b, scope in gone for x, y in ((a, b), (b, a))),
        )
        self._many(
            "DELETE FROM entities WHERE id = ? AND mentions <= 0",
            ((key,) for key in old.counts()),
        )

    # ------------------------------------------------------------ pruning

    def missing(self, roots: Sequence[str], found: Iterable[str]) -> list[tuple[int, str]]:
        """The archived documents under ``roots`` (the paths of a run) that the run did
        not find there: deleted, renamed, or no longer matching its ``--glob``."""
        found = set(found)
        rows = self._sql("SELECT id, path FROM documents ORDER BY id").fetchall()
        return [(id_, path) for id_, path in rows if path not in found and _under(path, roots)]

    def prune(self, documents: Iterable[tuple[int, str]]) -> None:
        """Remove documents (from ``missing``), each in its own transaction."""
        self.finish()
        for document_id, _ in documents:
            self._sql("BEGIN IMMEDIATE")
            old = self._remove_mentions(document_id)
            self._settle(document_id, old, set(old.pairs()))
            self._sql("DELETE FROM documents WHERE id = ?", (document_id,))
            self._sql("COMMIT")
            self.counts["pruned"] += 1

    def totals(self) -> tuple[int, int]:
        """Documents and mentions in the archive."""
        return self._sql("SELECT count(*), coalesce(sum(mentions), 0) FROM documents").fetchone()


def _documents(count: int) -> str:
    return f"{count} document{'' if count == 1 else 's'}"


def describe(counts: Counter, kept: int, documents: int, mentions: int) -> str:
    """A run in one line: ``5 documents unchanged, 2 tagged (1 new, 1 changed); 7
    documents, 130 mentions in the archive``. ``kept``: documents no longer found under
    the run's paths and left in the archive."""
    tagged = counts["new"] + counts["changed"] + counts["retagged"]
    line = f"{_documents(counts['unchanged'])} unchanged, {tagged} tagged"
    kinds = (("new", "new"), ("changed", "changed"), ("retagged", "re-tagged"))
    details = [f"{counts[kind]} {label}" for kind, label in kinds if counts[kind]]
    if details:
        line += f" ({', '.join(details)})"
    if counts["pruned"]:
        line += f", {counts['pruned']} pruned"
    if kept:
        them = "it" if kept == 1 else "them"
        line += f", {kept} no longer found but kept (--prune removes {them})"
    return f"{line}; {_documents(documents)}, {mentions} mentions in the archive"
