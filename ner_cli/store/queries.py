"""The questions ``ner query`` asks an archive, each a function returning rows.

Entities are named by their archive id: the gazetteer id, or ``TYPE:name_ar`` for a
name the gazetteer lacks; :func:`find_entity` also takes an id in any case or an
entity's English or Arabic name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence

__all__ = [
    "DOCUMENT_FIELDS",
    "ENTITY_FIELDS",
    "PARTNER_FIELDS",
    "documents_naming",
    "find_entity",
    "named_with",
    "top_entities",
]

ENTITY_FIELDS = ("id", "type", "name_ar", "name_en", "mentions", "documents")
PARTNER_FIELDS = (
    "id", "type", "name_ar", "name_en", "sentences", "documents", "doc", "line", "context",
)  # fmt: skip
DOCUMENT_FIELDS = ("doc", "title", "mentions", "sentences", "line", "context")


def _rows(connection: sqlite3.Connection, query: str, parameters=()) -> list[dict]:
    cursor = connection.execute(query, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _marks(values: Sequence) -> str:
    return ", ".join("?" * len(values))


def find_entity(connection: sqlite3.Connection, wanted: str) -> str | None:
    """The archive id of an entity given by id (any case) or by name, or None."""
    for query in (
        "SELECT id FROM entities WHERE id = ?",
        "SELECT id FROM entities WHERE id = ? COLLATE NOCASE ORDER BY mentions DESC",
        "SELECT id FROM entities WHERE name_en = ? COLLATE NOCASE OR name_ar = ? "
        "ORDER BY mentions DESC",
    ):
        row = connection.execute(query, (wanted,) * query.count("?")).fetchone()
        if row is not None:
            return row[0]
    return None


def top_entities(
    connection: sqlite3.Connection, types: Collection[str] | None = None, limit: int | None = 20
) -> list[dict]:
    """The most mentioned entities (of ``types``, if given), with their document counts."""
    where = f"WHERE type IN ({_marks(list(types))})" if types else ""
    return _rows(
        connection,
        f"SELECT {', '.join(ENTITY_FIELDS)} FROM entities {where} "
        "ORDER BY mentions DESC, documents DESC, name_en, name_ar LIMIT ?",
        (*(sorted(types) if types else ()), -1 if limit is None else limit),
    )


def _example(connection, document: int, sentence: int | None, entity: str) -> dict:
    """Where an entity stands in a document (in a sentence, if given): path, line, context."""
    row = connection.execute(
        "SELECT d.path, m.line, m.context FROM mentions AS m "
        "JOIN documents AS d ON d.id = m.document_id "
        "WHERE m.document_id = ? AND m.entity_id = ? AND (? IS NULL OR m.sentence = ?) "
        "ORDER BY m.start LIMIT 1",
        (document, entity, sentence, sentence),
    ).fetchone()
    return dict(zip(("doc", "line", "context"), row or ("", 0, ""), strict=True))


def named_with(
    connection: sqlite3.Connection,
    entity: str,
    types: Collection[str] | None = None,
    limit: int | None = 20,
) -> list[dict]:
    """Who appears with ``entity``: each other entity its documents name, by the
    sentences naming both, then the documents naming both, with the first example
    (the other's mention in the first sentence naming both, else in the first document)."""
    where = f"AND e.type IN ({_marks(list(types))})" if types else ""
    partners = _rows(
        connection,
        "SELECT e.id, e.type, e.name_ar, e.name_en, coalesce(s.count, 0) AS sentences, "
        "d.count AS documents, coalesce(s.first_document, d.first_document) AS _document, "
        "s.first_sentence AS _sentence "
        "FROM cooccurrence AS d JOIN entities AS e ON e.id = d.other_id "
        "LEFT JOIN cooccurrence AS s ON s.entity_id = d.entity_id "
        "AND s.other_id = d.other_id AND s.scope = 'sentence' "
        f"WHERE d.entity_id = ? AND d.scope = 'document' {where} "
        "ORDER BY sentences DESC, documents DESC, e.name_en, e.name_ar LIMIT ?",
        (entity, *(sorted(types) if types else ()), -1 if limit is None else limit),
    )
    return [
        {
            **{name: row[name] for name in PARTNER_FIELDS[:6]},
            **_example(connection, row["_document"], row["_sentence"], row["id"]),
        }
        for row in partners
    ]


def documents_naming(
    connection: sqlite3.Connection, entities: Sequence[str], limit: int | None = None
) -> list[dict]:
    """The documents naming every one of ``entities``: their mentions of them, the
    sentences naming them all, and where the first of those mentions stands."""
    wanted = sorted(set(entities))
    found = _rows(
        connection,
        "SELECT d.id AS _id, d.path AS doc, d.title, count(*) AS mentions "
        "FROM mentions AS m JOIN documents AS d ON d.id = m.document_id "
        f"WHERE m.entity_id IN ({_marks(wanted)}) GROUP BY d.id "
        "HAVING count(DISTINCT m.entity_id) = ? ORDER BY mentions DESC, d.path LIMIT ?",
        (*wanted, len(wanted), -1 if limit is None else limit),
    )
    rows = []
    for row in found:
        together = connection.execute(
            "SELECT count(*) FROM (SELECT sentence FROM mentions "
            f"WHERE document_id = ? AND entity_id IN ({_marks(wanted)}) "
            "GROUP BY sentence HAVING count(DISTINCT entity_id) = ?)",
            (row["_id"], *wanted, len(wanted)),
        ).fetchone()[0]
        line, context = connection.execute(
            f"SELECT line, context FROM mentions WHERE document_id = ? "
            f"AND entity_id IN ({_marks(wanted)}) ORDER BY start LIMIT 1",
            (row["_id"], *wanted),
        ).fetchone()
        rows.append(
            {"doc": row["doc"], "title": row["title"], "mentions": row["mentions"],
             "sentences": together, "line": line, "context": context}
        )  # fmt: skip
    return rows
