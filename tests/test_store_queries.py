"""ner query ARCHIVE entities | with ID | docs ID…: answers that agree with the records,
in the usual formats, and errors in one line."""

import csv
import io
import json
from collections import Counter, defaultdict

import pytest
from click.testing import CliRunner

from ner_cli.cli import cli
from ner_cli.cooccurrence import entity_key
from ner_cli.store.queries import DOCUMENT_FIELDS, ENTITY_FIELDS, PARTNER_FIELDS
from tests.conftest import MINI_GAZETTEER, SEEDS

QUICK = ("--gazetteer", str(MINI_GAZETTEER), "--no-model")
# Sentences: CHN TJK | CHN TJK tashkent | UZB, shavkat, CHN; a second file: SCO, tashkent.
ARTICLES = {
    "a.txt": "زارت الصين طاجيكستان. ثم التقى وفد الصين وفد طاجيكستان في طشقند.\n"
    "وقال شوكت ميرضيائيف إن أوزبكستان والصين شريكان.\n",
    "b.txt": "انعقد في طشقند مؤتمر منظمة شنغهاي للتعاون.\n",
}


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args)], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("news")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    archive = folder / "small.db"
    assert run("extract", folder, "-o", archive, *QUICK).exit_code == 0
    return folder, archive


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    archive = tmp_path_factory.mktemp("seeds") / "seeds.db"
    assert run("extract", SEEDS, "-o", archive).exit_code == 0
    records = json.loads(run("extract", SEEDS, "-f", "json").stdout)
    return archive, records


def answer(archive, *question):
    result = run("query", archive, *question, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_with_lists_who_appears_with_an_entity_by_sentences_then_documents(small):
    folder, archive = small
    rows = answer(archive, "with", "TJK")
    assert all(tuple(row) == PARTNER_FIELDS for row in rows)
    assert [(r["id"], r["sentences"], r["documents"]) for r in rows] == [
        ("CHN", 2, 1),
        ("tashkent", 1, 1),
        ("shavkat-mirziyoyev", 0, 1),
        ("UZB", 0, 1),
    ]
    china = rows[0]
    assert (china["doc"], china["line"]) == (str(folder / "a.txt"), 1)
    assert "الصين" in china["context"]
    uzbekistan = rows[-1]
    assert uzbekistan["line"] == 2 and "أوزبكستان" in uzbekistan["context"]
    only_places = answer(archive, "with", "TJK", "--type", "LOC")
    assert [r["id"] for r in only_places] == ["tashkent"]
    assert len(answer(archive, "with", "TJK", "-n", "1")) == 1


def test_with_crosses_documents(small):
    _, archive = small
    rows = answer(archive, "with", "tashkent")
    assert {(r["id"], r["sentences"], r["documents"]) for r in rows} == {
        ("CHN", 1, 1),
        ("TJK", 1, 1),
        ("SCO", 1, 1),
        ("UZB", 0, 1),
        ("shavkat-mirziyoyev", 0, 1),
    }


def test_entities_are_found_by_id_in_any_case_or_by_name(small):
    _, archive = small
    expected = answer(archive, "with", "TJK")
    assert answer(archive, "with", "tjk") == expected
    assert answer(archive, "with", "Tajikistan") == expected
    assert answer(archive, "with", "طاجيكستان") == expected


def test_docs_lists_the_documents_naming_all_the_entities(small):
    folder, archive = small
    rows = answer(archive, "docs", "TJK", "CHN")
    assert all(tuple(row) == DOCUMENT_FIELDS for row in rows)
    assert [(r["doc"], r["mentions"], r["sentences"], r["line"]) for r in rows] == [
        (str(folder / "a.txt"), 5, 2, 1)
    ]
    assert [r["doc"] for r in answer(archive, "docs", "tashkent")] == [
        str(folder / "a.txt"),
        str(folder / "b.txt"),
    ]
    assert answer(archive, "docs", "SCO", "TJK") == []


def test_seed_entities_count_as_the_records_do(seeds):
    archive, records = seeds
    mentions = Counter(entity_key(r) for r in records)
    rows = answer(archive, "entities", "-n", "0")
    assert all(tuple(row) == ENTITY_FIELDS for row in rows)
    assert {r["id"]: r["mentions"] for r in rows} == dict(mentions)
    assert [r["mentions"] for r in rows] == sorted(mentions.values(), reverse=True)
    countries = answer(archive, "entities", "--type", "COUNTRY")
    assert countries and {r["type"] for r in countries} == {"COUNTRY"}
    assert countries[0]["id"] == "UZB"
    assert len(answer(archive, "entities")) == 20


def test_who_appears_with_the_csto_in_the_seeds(seeds):
    archive, records = seeds
    sentences = defaultdict(set)
    for r in records:
        sentences[(r["doc"], r["sentence"])].add(entity_key(r))
    together = Counter(
        other for named in sentences.values() if "CSTO" in named for other in named - {"CSTO"}
    )
    rows = answer(archive, "with", "CSTO", "-n", "0")
    assert {r["id"]: r["sentences"] for r in rows if r["sentences"]} == dict(together)
    assert rows[0]["sentences"] == max(together.values())
    assert {"CIS", "SCO"} <= {r["id"] for r in rows}


def test_seed_documents_naming_tajikistan_and_afghanistan(seeds):
    archive, records = seeds
    named = defaultdict(set)
    for r in records:
        named[r["doc"]].add(r["id"])
    expected = sorted(doc for doc, ids in named.items() if {"TJK", "AFG"} <= ids)
    assert expected
    assert sorted(r["doc"] for r in answer(archive, "docs", "TJK", "AFG")) == expected


def test_answers_come_as_tables_csv_and_json_lines(small):
    folder, archive = small
    table = run("query", archive, "with", "TJK", "-f", "table")
    assert table.exit_code == 0
    assert table.stdout.rstrip().endswith("4 named with TJK")  # the count under the table
    assert "Uzbekistan" in table.stdout and f"{folder / 'a.txt'}:1" in table.stdout
    assert "\x1b[" not in table.stdout  # no colour into a pipe
    as_csv = run("query", archive, "with", "TJK", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert tuple(rows[0]) == PARTNER_FIELDS and rows[0]["id"] == "CHN"
    lines = run("query", archive, "docs", "CHN", "-f", "jsonl").stdout.splitlines()
    assert [json.loads(line)["doc"] for line in lines] == [str(folder / "a.txt")]
    piped = run("query", archive, "entities")
    assert json.loads(piped.stdout)[0]["id"] in {"CHN", "TJK", "tashkent"}
    empty = run("query", archive, "entities", "--type", "ORG", "-f", "table")
    assert empty.stdout.rstrip().endswith("1 entities")


def test_unknown_entities_and_archives_are_one_line_errors(small, tmp_path):
    _, archive = small
    result = run("query", archive, "with", "NOPE")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        f"ner: {archive}: no entity 'NOPE' in the archive; "
        f"ner query {archive} entities lists them\n"
    )
    result = run("query", archive, "docs", "TJK", "NOPE")
    assert result.exit_code == 2 and "'NOPE'" in result.stderr
    missing = run("query", tmp_path / "absent.db", "entities")
    assert missing.exit_code == 2
    assert missing.stderr == f"ner: {tmp_path / 'absent.db'}: no such archive\n"
    assert not (tmp_path / "absent.db").exists()
    notes = tmp_path / "notes.db"
    notes.write_text("notes", encoding="utf-8")
    result = run("query", notes, "entities")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"ner: {notes}: cannot open as an SQLite archive")
    usage = run("query", archive, "docs")
    assert usage.exit_code == 2 and "ENTITIES" in usage.stderr
