"""The archive's file: the documented tables, WAL, refusing other files; and the
fingerprints that decide what a run tags again."""

import sqlite3

import pytest

from ner_cli import __version__
from ner_cli.errors import ArchiveError
from ner_cli.inputs import Document
from ner_cli.store import content_hash, gazetteer_hash, open_archive, tagger_version
from ner_cli.store.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.conftest import MINI_GAZETTEER

# The columns README "An archive in SQLite" documents, in order.
DOCUMENTED = {
    "documents": [
        "id", "path", "content_hash", "title", "characters", "lines", "sentences",
        "mentions", "tagged_at", "tagger_version", "gazetteer_hash",
    ],
    "entities": ["id", "type", "name_ar", "name_en", "linked", "mentions", "documents"],
    "mentions": [
        "document_id", "start", "end", "text", "type", "entity_id", "source", "score",
        "line", "sentence", "context",
    ],
    "cooccurrence": [
        "entity_id", "other_id", "scope", "count", "first_document", "first_sentence",
    ],
}  # fmt: skip


def columns(connection, table):
    return [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]


def test_a_new_archive_has_the_documented_tables_in_wal_mode(tmp_path):
    connection = open_archive(tmp_path / "a.db")
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert tables == set(DOCUMENTED)
    for table, expected in DOCUMENTED.items():
        assert columns(connection, table) == expected
    indexes = [row[1] for row in connection.execute("PRAGMA index_list(mentions)")]
    assert "mentions_by_entity" in indexes
    by_entity = [row[2] for row in connection.execute("PRAGMA index_info(mentions_by_entity)")]
    assert by_entity[0] == "entity_id"
    assert [row[5] for row in connection.execute("PRAGMA table_info(mentions)") if row[5]] == [
        1,
        2,
    ]  # the primary key, document_id then start, indexes mentions by document
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    connection.close()


def test_reopening_an_archive_keeps_what_it_holds(tmp_path):
    connection = open_archive(tmp_path / "a.db")
    connection.execute(
        "INSERT INTO documents VALUES (1, 'a.txt', 'h', '', 1, 1, 1, 0, 't', 'v', 'g')"
    )
    connection.close()
    again = open_archive(tmp_path / "a.db")
    assert again.execute("SELECT path FROM documents").fetchall() == [("a.txt",)]
    again.close()
    reader = open_archive(tmp_path / "a.db", create=False)
    assert reader.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    reader.close()


def test_files_that_are_not_archives_are_refused_and_left_alone(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("not a database at all, just notes", encoding="utf-8")
    with pytest.raises(ArchiveError, match="notes.db: cannot open as an SQLite archive"):
        open_archive(text)
    assert text.read_text(encoding="utf-8") == "not a database at all, just notes"

    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE sales (amount REAL)")
    connection.commit()
    connection.close()
    with pytest.raises(ArchiveError, match="not a ner-cli archive"):
        open_archive(other)
    connection = sqlite3.connect(other)
    tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("sales",)]
    connection.close()

    with pytest.raises(ArchiveError, match="no such archive"):
        open_archive(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_an_archive_of_another_schema_version_is_refused(tmp_path):
    open_archive(tmp_path / "a.db").close()
    connection = sqlite3.connect(tmp_path / "a.db")
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(ArchiveError, match=f"archive schema {SCHEMA_VERSION + 1}"):
        open_archive(tmp_path / "a.db")


def test_content_hash_follows_text_and_title():
    document = Document("a.txt", "زار الوفد طشقند")
    assert content_hash(document) == content_hash(Document("other/name.txt", document.text))
    assert content_hash(document) != content_hash(Document("a.txt", "زار الوفد سمرقند"))
    assert content_hash(document) != content_hash(Document("a.txt", document.text, "عنوان"))
    # the text and the title are kept apart: moving a character between them shows
    assert content_hash(Document("a", "ab", "c")) != content_hash(Document("a", "a", "bc"))


def test_tagger_version_names_what_changes_the_records():
    version = tagger_version(rules=True, model=True, context_width=40)
    assert version.startswith(f"{__version__} gazetteer+rules+model context=40 data=")
    others = {
        tagger_version(rules=False, model=True, context_width=40),
        tagger_version(rules=True, model=False, context_width=40),
        tagger_version(rules=True, model=True, context_width=60),
    }
    assert version not in others and len(others) == 3
    assert tagger_version(rules=True, model=True, context_width=40) == version


def test_gazetteer_hash_covers_the_extra_gazetteers_contents(tmp_path):
    extra = tmp_path / "mine.csv"
    extra.write_bytes(MINI_GAZETTEER.read_bytes())
    alone, layered = gazetteer_hash(), gazetteer_hash([extra])
    assert alone != layered
    copy = tmp_path / "copy.csv"
    copy.write_bytes(extra.read_bytes())
    assert gazetteer_hash([copy]) == layered  # the content counts, not the file name
    with extra.open("a", encoding="utf-8") as handle:
        handle.write("FRA,COUNTRY,فرنسا,France,,\n")
    assert gazetteer_hash([extra]) not in (alone, layered)
