"""ner extract -o archive.db: the archive holds what JSON holds, runs update it
incrementally, an interrupted run is completed by the next, readers read meanwhile."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime
from itertools import combinations

import pytest
from click.testing import CliRunner

from ner_cli import __version__
from ner_cli.cli import cli
from ner_cli.inputs import Document, read_document
from ner_cli.pipeline import records_of
from ner_cli.sentences import sentence_starts
from ner_cli.store import Archive, content_hash, describe, gazetteer_hash
from tests.conftest import MINI_GAZETTEER, SEEDS

NER = os.path.join(os.path.dirname(sys.executable), "ner")
FIELDS = (
    "doc", "start", "end", "text", "type", "id", "name_ar", "name_en", "line", "sentence",
    "context", "source", "score", "title",
)  # fmt: skip
# Gazetteer and rules over the small gazetteer: quick, and what they find is known.
QUICK = ("--gazetteer", str(MINI_GAZETTEER), "--no-model")

ARTICLES = {
    "a.txt": "زارت الصين طاجيكستان. ثم التقى وفد الصين وفد طاجيكستان في طشقند.\n",
    "b.txt": "وقال شوكت ميرضيائيف إن أوزبكستان والصين شريكان.\n",
    "c.txt": "انعقد في طشقند مؤتمر منظمة شنغهاي للتعاون.\n",
}


def extract(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args)])


def archived_records(path) -> list[dict]:
    """The archive's mentions as ``ner extract`` records, in document and text order."""
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT d.path, m.start, m.end, m.text, m.type, "
        "CASE WHEN e.linked THEN e.id ELSE '' END, e.name_ar, e.name_en, m.line, m.sentence, "
        "m.context, m.source, m.score, d.title FROM mentions AS m "
        "JOIN documents AS d ON d.id = m.document_id JOIN entities AS e ON e.id = m.entity_id "
        "ORDER BY d.path, m.start"
    ).fetchall()
    connection.close()
    return [dict(zip(FIELDS, row, strict=True)) for row in rows]


def recounted_pairs(connection) -> dict:
    """The co-occurrence table as a plain recount of the mentions would give it."""
    named = connection.execute(
        "SELECT DISTINCT document_id, sentence, entity_id FROM mentions"
    ).fetchall()
    by_sentence, by_document = defaultdict(set), defaultdict(set)
    for document, sentence, entity in named:
        by_sentence[(document, sentence)].add(entity)
        by_document[document].add(entity)
    pairs = {}
    for (document, sentence), entities in sorted(by_sentence.items()):
        for a, b in combinations(sorted(entities), 2):
            for x, y in ((a, b), (b, a)):
                count, first, at = pairs.get((x, y, "sentence"), (0, document, sentence))
                pairs[(x, y, "sentence")] = (count + 1, first, at)
    for document, entities in sorted(by_document.items()):
        for a, b in combinations(sorted(entities), 2):
            for x, y in ((a, b), (b, a)):
                count, first, _ = pairs.get((x, y, "document"), (0, document, None))
                pairs[(x, y, "document")] = (count + 1, first, None)
    return pairs


def check_consistent(path) -> sqlite3.Connection:
    """Every count in the archive agrees with its mentions; returns a connection."""
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    per_document = dict(
        connection.execute("SELECT document_id, count(*) FROM mentions GROUP BY document_id")
    )
    for document, mentions in connection.execute("SELECT id, mentions FROM documents"):
        assert per_document.get(document, 0) == mentions
    entities = {
        row[0]: row[1:]
        for row in connection.execute("SELECT id, mentions, documents FROM entities")
    }
    recount = {
        row[0]: row[1:]
        for row in connection.execute(
            "SELECT entity_id, count(*), count(DISTINCT document_id) FROM mentions "
            "GROUP BY entity_id"
        )
    }
    assert entities == recount
    stored = {
        (a, b, scope): (count, document, sentence)
        for a, b, scope, count, document, sentence in connection.execute(
            "SELECT entity_id, other_id, scope, count, first_document, first_sentence "
            "FROM cooccurrence"
        )
    }
    assert stored == recounted_pairs(connection)
    return connection


def write_articles(folder, articles=ARTICLES):
    folder.mkdir(exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds_archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "seeds.db"
    result = extract(SEEDS, "-o", path)
    assert result.exit_code == 0, result.stderr
    return path, result


@pytest.fixture(scope="module")
def seeds_json():
    result = extract(SEEDS, "-f", "json")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_the_seed_archive_holds_exactly_the_json_records(seeds_archive, seeds_json):
    path, result = seeds_archive
    assert result.stdout == ""
    assert result.stderr == (
        f"ner: {path}: 0 documents unchanged, 5 tagged (5 new); "
        f"5 documents, {len(seeds_json)} mentions in the archive\n"
    )
    expected = sorted(seeds_json, key=lambda r: (r["doc"], r["start"]))
    assert archived_records(path) == expected


def test_seed_entity_counts_and_pairs_agree_with_the_mentions(seeds_archive, seeds_json):
    connection = check_consistent(seeds_archive[0])
    mentions = Counter(r["id"] or f"{r['type']}:{r['name_ar']}" for r in seeds_json)
    documents = defaultdict(set)
    for r in seeds_json:
        documents[r["id"] or f"{r['type']}:{r['name_ar']}"].add(r["doc"])
    stored = {
        row[0]: row[1:]
        for row in connection.execute("SELECT id, mentions, documents FROM entities")
    }
    assert stored == {key: (count, len(documents[key])) for key, count in mentions.items()}
    linked = dict(connection.execute("SELECT id, linked FROM entities"))
    assert linked["CSTO"] == 1
    assert all(linked[key] == 0 for key in linked if ":" in key)
    assert connection.execute("SELECT count(*) FROM cooccurrence").fetchone()[0] > 100


def test_seed_documents_describe_their_files(seeds_archive, seeds_json):
    connection = sqlite3.connect(seeds_archive[0])
    rows = connection.execute(
        "SELECT path, content_hash, title, characters, lines, sentences, mentions, tagged_at, "
        "tagger_version, gazetteer_hash FROM documents ORDER BY id"
    ).fetchall()
    assert [row[0] for row in rows] == sorted({r["doc"] for r in seeds_json})
    per_document = Counter(r["doc"] for r in seeds_json)
    for (
        path,
        digest,
        title,
        characters,
        lines,
        sentences,
        mentions,
        tagged_at,
        version,
        gazetteers,
    ) in rows:  # noqa: E501
        document = read_document(path)
        assert digest == content_hash(document) and title == ""
        assert characters == len(document.text)
        assert lines == len(document.text.splitlines())
        assert sentences == len(sentence_starts(document.text))
        assert mentions == per_document[path]
        assert datetime.fromisoformat(tagged_at).utcoffset().total_seconds() == 0
        assert version.startswith(f"{__version__} gazetteer+rules+model context=40 data=")
        assert gazetteers == gazetteer_hash()


# ---------------------------------------------------------------- incremental runs


@pytest.fixture
def folder(tmp_path):
    write_articles(tmp_path / "news")
    return tmp_path / "news"


def snapshot(path) -> dict:
    """Per document: its id, when it was tagged, and the rowids of its mentions."""
    connection = sqlite3.connect(path)
    documents = {
        document_path: (document, tagged_at, tuple(
            row[0] for row in connection.execute(
                "SELECT rowid FROM mentions WHERE document_id = ? ORDER BY rowid", (document,)
            )
        ))
        for document, document_path, tagged_at in connection.execute(
            "SELECT id, path, tagged_at FROM documents"
        )
    }  # fmt: skip
    connection.close()
    return documents


def test_a_second_run_tags_nothing_and_builds_no_tagger(folder, tmp_path, monkeypatch):
    archive = tmp_path / "a.db"
    first = extract(folder, "-o", archive, *QUICK)
    assert first.exit_code == 0, first.stderr
    before = snapshot(archive)

    def no_tagger(*args, **kwargs):
        raise AssertionError("the tagger was built although nothing needed tagging")

    monkeypatch.setattr("ner_cli.tagger.Tagger", no_tagger)
    second = extract(folder, "-o", archive, *QUICK)
    assert second.exit_code == 0, second.stderr
    assert second.stdout == ""
    mentions = sum(len(rows) for _, _, rows in before.values())
    assert second.stderr == (
        f"ner: {archive}: 3 documents unchanged, 0 tagged; "
        f"3 documents, {mentions} mentions in the archive\n"
    )
    assert snapshot(archive) == before
    assert extract(folder, "-o", archive, *QUICK, "--quiet").stderr == ""


def test_a_changed_file_is_replaced_and_its_old_mentions_are_gone(folder, tmp_path):
    archive = tmp_path / "a.db"
    assert extract(folder, "-o", archive, *QUICK).exit_code == 0
    before = snapshot(archive)
    changed = folder / "b.txt"
    changed.write_text("ورحبت قيرغيزستان بوفد الأمم المتحدة في طشقند.\n", encoding="utf-8")
    result = extract(folder, "-o", archive, *QUICK)
    assert result.exit_code == 0, result.stderr
    assert "2 documents unchanged, 1 tagged (1 changed)" in result.stderr
    after = snapshot(archive)
    assert after[str(folder / "a.txt")] == before[str(folder / "a.txt")]
    assert after[str(folder / "c.txt")] == before[str(folder / "c.txt")]
    assert after[str(changed)][0] == before[str(changed)][0]  # the document keeps its id
    records = [r for r in archived_records(archive) if r["doc"] == str(changed)]
    fresh = json.loads(extract(changed, "-f", "json", *QUICK).stdout)
    assert records == fresh
    assert {r["id"] for r in records} == {"KGZ", "UN", "tashkent"}
    connection = check_consistent(archive)
    gone = connection.execute(
        "SELECT id FROM entities WHERE id IN ('shavkat-mirziyoyev', 'UZB')"
    ).fetchall()
    assert gone == []  # named only by the old text
    china = connection.execute("SELECT mentions, documents FROM entities WHERE id = 'CHN'")
    assert china.fetchone() == (2, 1)  # a.txt names it twice; b.txt no longer


def test_new_files_are_added_and_the_others_left_alone(folder, tmp_path):
    archive = tmp_path / "a.db"
    assert extract(folder, "-o", archive, *QUICK).exit_code == 0
    before = snapshot(archive)
    (folder / "d.txt").write_text("طاجيكستان والصين.\n", encoding="utf-8")
    result = extract(folder, "-o", archive, *QUICK)
    assert "3 documents unchanged, 1 tagged (1 new); 4 documents" in result.stderr
    after = snapshot(archive)
    assert {path: after[path] for path in before} == before
    connection = check_consistent(archive)
    assert connection.execute(
        "SELECT count FROM cooccurrence WHERE entity_id = 'CHN' AND other_id = 'TJK' "
        "AND scope = 'sentence'"
    ).fetchone() == (3,)


def test_a_changed_tagger_or_gazetteer_retags_everything_and_says_so(folder, tmp_path):
    archive = tmp_path / "a.db"
    assert extract(folder, "-o", archive, *QUICK).exit_code == 0
    result = extract(folder, "-o", archive, *QUICK, "--no-rules")
    assert result.stderr.splitlines()[0] == (
        f"ner: {archive}: tagger changed since the last run; re-tagging 3 documents"
    )
    assert "0 documents unchanged, 3 tagged (3 re-tagged)" in result.stderr
    result = extract(folder, "-o", archive, *QUICK, "--no-rules", "--context", "10")
    assert "tagger changed since the last run; re-tagging 3 documents" in result.stderr
    extra = tmp_path / "more.csv"
    extra.write_text(
        "id,type,name_ar,name_en,aliases,note\nconference,ORG,مؤتمر,Conference,,\n",
        encoding="utf-8",
    )
    result = extract(folder, "-o", archive, *QUICK, "-g", extra, "--no-rules", "--context", "10")
    assert "gazetteer changed since the last run; re-tagging 3 documents" in result.stderr
    assert "conference" in {r["id"] for r in archived_records(archive)}
    connection = check_consistent(archive)
    versions = connection.execute("SELECT DISTINCT tagger_version FROM documents").fetchall()
    assert versions == [(f"{__version__} gazetteer context=10 data={versions[0][0][-12:]}",)]
    # only the documents this run reads are counted as re-tagged
    (folder / "b.txt").unlink()
    result = extract(folder / "a.txt", "-o", archive, *QUICK)
    assert "tagger and gazetteer changed since the last run; re-tagging 1 document\n" in (
        result.stderr
    )


def test_removed_files_stay_unless_pruned(folder, tmp_path):
    other = tmp_path / "other"
    write_articles(other, {"z.txt": "الصين وطاجيكستان جارتان.\n"})
    archive = tmp_path / "a.db"
    assert extract(folder, other, "-o", archive, *QUICK).exit_code == 0
    (folder / "a.txt").unlink()
    kept = extract(folder, "-o", archive, *QUICK)
    assert kept.exit_code == 0
    assert (
        "2 documents unchanged, 0 tagged, 1 no longer found but kept (--prune removes it); "
        "4 documents" in kept.stderr
    )
    pruned = extract(folder, "-o", archive, *QUICK, "--prune")
    assert "2 documents unchanged, 0 tagged, 1 pruned; 3 documents" in pruned.stderr
    paths = {r["doc"] for r in archived_records(archive)}
    assert paths == {str(folder / "b.txt"), str(folder / "c.txt"), str(other / "z.txt")}
    check_consistent(archive)  # the pairs a.txt named are recounted without it


def test_the_first_example_of_a_pair_moves_when_its_document_changes_or_goes(tmp_path):
    folder = tmp_path / "news"
    write_articles(
        folder,
        {
            "1.txt": "قالت أوزبكستان شيئا. ثم الصين وطاجيكستان معا.\n",
            "2.txt": "طشقند. الصين وطاجيكستان.\n",
        },
    )
    archive = tmp_path / "a.db"
    assert extract(folder, "-o", archive, *QUICK).exit_code == 0

    def first(scope):
        connection = check_consistent(archive)
        return connection.execute(
            "SELECT d.path, c.first_sentence FROM cooccurrence AS c "
            "JOIN documents AS d ON d.id = c.first_document "
            "WHERE c.entity_id = 'TJK' AND c.other_id = 'CHN' AND c.scope = ?",
            (scope,),
        ).fetchone()

    assert first("sentence") == (str(folder / "1.txt"), 2)
    (folder / "1.txt").write_text("الصين.\nطاجيكستان.\nثم الصين وطاجيكستان معا.\n", "utf-8")
    assert extract(folder, "-o", archive, *QUICK).exit_code == 0
    assert first("sentence") == (str(folder / "1.txt"), 3)
    (folder / "1.txt").write_text("الصين.\nطاجيكستان.\n", encoding="utf-8")
    assert extract(folder, "-o", archive, *QUICK).exit_code == 0
    assert first("sentence") == (str(folder / "2.txt"), 2)
    assert first("document") == (str(folder / "1.txt"), None)
    (folder / "1.txt").unlink()
    assert extract(folder, "-o", archive, *QUICK, "--prune").exit_code == 0
    assert first("document") == (str(folder / "2.txt"), None)


def test_a_large_document_in_pieces_is_one_document_with_whole_document_numbers(
    tmp_path, mini_tagger
):
    text = "".join(f"زار د. علي طشقند يوم {n}. ثم الصين\n\n" for n in range(300))
    document = Document("big.txt", text)
    with Archive(tmp_path / "a.db", "v", "g", piece_characters=1000) as archive:
        assert archive.needs_tagging(document)
        from ner_cli.pipeline import tag_documents

        pieces = list(tag_documents(mini_tagger, [document], piece_characters=1000))
        assert len(pieces) > 5
        for _, records in pieces:
            archive.write(records, document)
    stored = archived_records(tmp_path / "a.db")
    whole = records_of(mini_tagger, document)
    assert [(r["start"], r["line"], r["sentence"], r["id"]) for r in stored] == [
        (r["start"], r["line"], r["sentence"], r["id"]) for r in whole
    ]
    connection = check_consistent(tmp_path / "a.db")
    assert connection.execute("SELECT sentences FROM documents").fetchone() == (600,)


# ---------------------------------------------------------------- readers and interruptions


def test_a_reader_sees_finished_documents_while_one_is_being_written(tmp_path, mini_tagger):
    path = tmp_path / "a.db"
    small = Document("small.txt", "الصين وطاجيكستان.\n")
    large = Document("large.txt", "طشقند والصين.\n\n" * 200)
    with Archive(path, "v", "g", piece_characters=500) as archive:
        archive.write(records_of(mini_tagger, small), small)
        first_piece = records_of(mini_tagger, Document("large.txt", large.text[:500]))
        archive.write(first_piece, large)  # its transaction stays open for the other pieces
        reader = sqlite3.connect(path, timeout=0)  # a reader that would fail if blocked
        assert reader.execute("SELECT path FROM documents").fetchall() == [("small.txt",)]
        assert reader.execute("SELECT count(*) FROM mentions").fetchone() == (2,)
        assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert reader.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    reader.close()


def test_an_exception_mid_document_leaves_it_absent(tmp_path, mini_tagger):
    path = tmp_path / "a.db"
    small = Document("small.txt", "الصين وطاجيكستان.\n")
    large = Document("large.txt", "طشقند والصين.\n\n" * 200)
    with pytest.raises(KeyboardInterrupt), Archive(path, "v", "g", piece_characters=500) as archive:
        archive.write(records_of(mini_tagger, small), small)
        archive.write(records_of(mini_tagger, Document("x", large.text[:500])), large)
        raise KeyboardInterrupt
    assert {r["doc"] for r in archived_records(path)} == {"small.txt"}
    check_consistent(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Many copies of the seeds: a run long enough to be read and interrupted during."""
    folder = tmp_path_factory.mktemp("corpus")
    seeds = sorted(SEEDS.glob("*.txt"))
    for n in range(40):
        for seed in seeds:
            shutil.copy(seed, folder / f"{n:03d}_{seed.name}")
    return folder


def start_run(corpus, archive):
    return subprocess.Popen(
        [NER, "extract", str(corpus), "-o", str(archive), "--no-model", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_documents(archive, process, least=1):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if archive.exists():
            with sqlite3.connect(archive) as reader:
                try:
                    if reader.execute("SELECT count(*) FROM documents").fetchone()[0] >= least:
                        return
                except sqlite3.OperationalError:  # the tables are being created
                    pass
        time.sleep(0.005)


def test_readers_read_while_a_run_writes(corpus, tmp_path):
    archive = tmp_path / "a.db"
    total = len(list(corpus.glob("*.txt")))
    process = start_run(corpus, archive)
    wait_for_documents(archive, process)
    seen = []
    reader = sqlite3.connect(archive, timeout=0)
    while process.poll() is None:
        documents, counted, mentions = reader.execute(
            "SELECT (SELECT count(*) FROM documents), "
            "(SELECT coalesce(sum(mentions), 0) FROM documents), (SELECT count(*) FROM mentions)"
        ).fetchone()
        assert counted == mentions  # only whole documents are ever visible
        seen.append(documents)
        time.sleep(0.01)
    assert process.wait() == 0, process.stderr.read()
    assert any(0 < documents < total for documents in seen)
    assert reader.execute("SELECT count(*) FROM documents").fetchone() == (total,)
    reader.close()


def test_an_interrupted_run_is_completed_by_the_next(corpus, tmp_path):
    archive = tmp_path / "a.db"
    total = len(list(corpus.glob("*.txt")))
    process = start_run(corpus, archive)
    wait_for_documents(archive, process, least=5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    connection = check_consistent(archive)
    done = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    connection.close()
    assert 5 <= done < total
    again = subprocess.run(
        [NER, "extract", str(corpus), "-o", str(archive), "--no-model"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert f"{done} documents unchanged, {total - done} tagged ({total - done} new)" in (
        again.stderr
    )
    check_consistent(archive)
    complete = tmp_path / "complete.db"
    assert extract(corpus, "-o", complete, "--no-model").exit_code == 0
    assert archived_records(archive) == archived_records(complete)


# ---------------------------------------------------------------- options and errors


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--summary",), "for totals and pairs ask it: ner query ARCHIVE"),
        (("--summary", "--pairs"), "for totals and pairs ask it"),
        (("-f", "html"), "--format html cannot write"),
        (("-f", "json"), "--format json cannot write"),
        (("--type", "PERSON"), "filter when you ask it"),
        (("--source", "rule"), "filter when you ask it"),
    ],
)
def test_what_an_archive_cannot_take_is_a_usage_error(folder, tmp_path, options, message):
    result = extract(folder, "-o", tmp_path / "a.db", *options)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert not (tmp_path / "a.db").exists()


def test_archives_need_a_file_and_paths(folder, tmp_path):
    result = extract(folder, "-f", "sqlite")
    assert result.exit_code == 2 and "name it with -o FILE.db" in result.stderr
    result = CliRunner().invoke(cli, ["extract", "-", "-o", str(tmp_path / "a.db")], input="x")
    assert result.exit_code == 2 and "- and pipes have none" in result.stderr
    result = extract(folder, "--prune")
    assert result.exit_code == 2 and "use it with -o FILE.db" in result.stderr
    for suffix in (".sqlite", ".sqlite3"):
        result = extract(folder, "-o", tmp_path / f"a{suffix}", *QUICK)
        assert result.exit_code == 0 and (tmp_path / f"a{suffix}").is_file()
    result = extract(folder, "-o", tmp_path / "a.data", *QUICK, "-f", "sqlite")
    assert result.exit_code == 0 and "3 tagged" in result.stderr


def test_a_file_that_is_no_archive_is_named_and_left_alone(folder, tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("my notes", encoding="utf-8")
    result = extract(folder, "-o", notes, *QUICK)
    assert result.exit_code == 2
    assert result.stderr == (
        f"ner: {notes}: cannot open as an SQLite archive: file is not a database\n"
    )
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_unreadable_inputs_are_skipped_and_keep_their_archived_version(folder, tmp_path):
    archive = tmp_path / "a.db"
    assert extract(folder, "-o", archive, *QUICK).exit_code == 0
    before = snapshot(archive)
    (folder / "a.txt").write_bytes(b"\x00\x01binary now")
    result = extract(folder, "-o", archive, *QUICK, "--prune")
    assert result.exit_code == 1
    assert f"{folder / 'a.txt'}:" in result.stderr
    assert snapshot(archive) == before


def test_describe_says_what_a_run_did():
    assert describe(Counter(unchanged=5), 0, 5, 116) == (
        "5 documents unchanged, 0 tagged; 5 documents, 116 mentions in the archive"
    )
    counts = Counter(unchanged=1, new=2, changed=1, retagged=3, pruned=1)
    assert describe(counts, 2, 7, 90) == (
        "1 document unchanged, 6 tagged (2 new, 1 changed, 3 re-tagged), 1 pruned, "
        "2 no longer found but kept (--prune removes them); 7 documents, 90 mentions in the "
        "archive"
    )
