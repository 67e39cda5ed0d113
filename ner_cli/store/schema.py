"""The archive's tables, and opening an archive: created where new, checked where not.

An archive is an SQLite file in WAL mode, so that other programs (sqlite3, pandas,
DuckDB, Datasette) read it while a run writes it. It is marked as ner-cli's with
SQLite's ``application_id`` and carries its schema version in ``user_version``; a
file that is some other database is refused rather than written into.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import ArchiveError

__all__ = ["APPLICATION_ID", "SCHEMA", "SCHEMA_VERSION", "open_archive"]

APPLICATION_ID = 0x4E455243  # "NERC"
SCHEMA_VERSION = 1
# How long a run waits for another run writing the same archive to finish a document.
BUSY_TIMEOUT_SECONDS = 30

SCHEMA = """
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    path           TEXT NOT NULL UNIQUE,  -- the file as named on the command line
    content_hash   TEXT NOT NULL,         -- SHA-256 of the text tagged and the title
    title          TEXT NOT NULL,         -- HTML pages; empty otherwise
    characters     INTEGER NOT NULL,
    lines          INTEGER NOT NULL,
    sentences      INTEGER NOT NULL,
    mentions       INTEGER NOT NULL,
    tagged_at      TEXT NOT NULL,         -- UTC, ISO 8601
    tagger_version TEXT NOT NULL,         -- ner-cli version, switches, data files' hash
    gazetteer_hash TEXT NOT NULL          -- SHA-256 over the gazetteer files' contents
);

CREATE TABLE entities (
    id        TEXT PRIMARY KEY,  -- the gazetteer id, or TYPE:name_ar for a name it lacks
    type      TEXT NOT NULL,
    name_ar   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    linked    INTEGER NOT NULL,  -- 1: a gazetteer entry; 0: found by rules or model only
    mentions  INTEGER NOT NULL,
    documents INTEGER NOT NULL
);

CREATE TABLE mentions (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,  -- character offsets: text[start:end] is the mention
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    type        TEXT NOT NULL,
    entity_id   TEXT NOT NULL REFERENCES entities (id),
    source      TEXT NOT NULL,     -- gazetteer, rule or model
    score       REAL NOT NULL,
    line        INTEGER NOT NULL,  -- 1-based
    sentence    INTEGER NOT NULL,  -- 1-based
    context     TEXT NOT NULL,
    PRIMARY KEY (document_id, start)
);
CREATE INDEX mentions_by_entity ON mentions (entity_id, document_id, sentence);

-- Each pair twice, once from each side: WHERE entity_id = 'CSTO' finds all its partners.
CREATE TABLE cooccurrence (
    entity_id      TEXT NOT NULL REFERENCES entities (id),
    other_id       TEXT NOT NULL REFERENCES entities (id),
    scope          TEXT NOT NULL CHECK (scope IN ('sentence', 'document')),
    count          INTEGER NOT NULL,  -- sentences, or documents, naming both
    first_document INTEGER NOT NULL REFERENCES documents (id),
    first_sentence INTEGER,           -- scope 'sentence': the first sentence naming both
    PRIMARY KEY (entity_id, scope, other_id)
) WITHOUT ROWID;
"""


def _tables(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]


def _marks(connection: sqlite3.Connection) -> tuple[int, int]:
    """The file's application id and schema version."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    return application_id, connection.execute("PRAGMA user_version").fetchone()[0]


def _create(connection: sqlite3.Connection) -> None:
    """Create the tables in one transaction; another run creating them at the same
    moment wins, and its archive is used."""
    try:
        connection.executescript(
            f"BEGIN IMMEDIATE;\n{SCHEMA}\nPRAGMA application_id = {APPLICATION_ID};\n"
            f"PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
        )
    except sqlite3.OperationalError:
        if connection.in_transaction:
            connection.rollback()
        if not _tables(connection):
            raise


def open_archive(path: str | Path, create: bool = True) -> sqlite3.Connection:
    """Open the archive at ``path`` for writing (``create``: making it where absent) or
    for reading. Transactions are the caller's (autocommit until ``BEGIN``)."""
    path = Path(path)
    if not create and not path.is_file():
        raise ArchiveError(str(path), "no such archive")
    connection = None
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
        application_id, version = _marks(connection)
        if application_id == 0 and not _tables(connection) and create:
            _create(connection)
            application_id, version = _marks(connection)
        if application_id != APPLICATION_ID:
            connection.close()
            raise ArchiveError(str(path), "an SQLite database, but not a ner-cli archive")
        if version != SCHEMA_VERSION:
            connection.close()
            raise ArchiveError(
                str(path), f"archive schema {version}; this ner-cli reads {SCHEMA_VERSION}"
            )
        if create:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")  # safe with WAL
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as error:
        if connection is not None:
            connection.close()
        raise ArchiveError(str(path), f"cannot open as an SQLite archive: {error}") from None
    return connection
