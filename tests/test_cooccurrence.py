"""Who appears with whom: pairs per sentence on a hand-made document, totals over a run,
and ``ner extract --summary --pairs``."""

import csv
import io
import json
from collections import defaultdict
from itertools import combinations

import pytest
from click.testing import CliRunner

from ner_cli.cli import cli
from ner_cli.cooccurrence import (
    PAIR_FIELDS,
    PairSummary,
    Shared,
    document_pairs,
    entity_key,
    sentence_pairs,
)
from ner_cli.inputs import Document
from ner_cli.pipeline import tag_documents
from ner_cli.records import build_records
from tests.conftest import MINI_GAZETTEER, SEEDS

# Three sentences (د. does not end one): TJK, shavkat, CHN; shavkat, tashkent, CHN
# (twice), TJK; SCO, UZB.
DOCUMENT = (
    "رحبت طاجيكستان بالرئيس د. شوكت ميرضيائيف ووفد الصين.\n"
    "ثم التقى ميرضيائيف في طشقند وفد الصين، وقال إن الصين وطاجيكستان شريكان. "
    "وأعلنت منظمة شنغهاي للتعاون دعم أوزبكستان."
)


def records_of(tagger, name, text):
    return build_records(name, text, tagger(text))


def test_pairs_count_sentences_naming_both_once_each(mini_tagger):
    records = records_of(mini_tagger, "a.txt", DOCUMENT)
    found = sentence_pairs((entity_key(r), r["sentence"], r["line"]) for r in records)
    assert found == {
        ("CHN", "TJK"): Shared(2, 1, 1),
        ("CHN", "shavkat-mirziyoyev"): Shared(2, 1, 1),
        ("TJK", "shavkat-mirziyoyev"): Shared(2, 1, 1),
        ("CHN", "tashkent"): Shared(1, 2, 2),
        ("TJK", "tashkent"): Shared(1, 2, 2),
        ("shavkat-mirziyoyev", "tashkent"): Shared(1, 2, 2),
        ("SCO", "UZB"): Shared(1, 3, 2),
    }


def test_document_pairs_take_every_entity_named_anywhere():
    assert document_pairs(["UZB", "SCO", "UZB", "CHN"]) == [
        ("CHN", "SCO"),
        ("CHN", "UZB"),
        ("SCO", "UZB"),
    ]
    assert document_pairs(["UZB", "UZB"]) == []


def test_names_the_gazetteer_lacks_pair_under_their_type_and_arabic_name():
    record = {"id": "", "type": "PERSON", "name_ar": "سامي الحديدي"}
    assert entity_key(record) == "PERSON:سامي الحديدي"
    assert entity_key({**record, "id": "UZB"}) == "UZB"


def test_a_run_totals_sentences_and_documents_and_keeps_the_first_seen(mini_tagger):
    totals = PairSummary()
    totals.add(records_of(mini_tagger, "a.txt", DOCUMENT))
    totals.add(records_of(mini_tagger, "b.txt", "قال مسؤول:\nالصين وطاجيكستان. الصين ثانية"))
    totals.add([])
    rows = totals.rows()
    assert all(tuple(row) == PAIR_FIELDS for row in rows)
    top = rows[0]
    assert (top["id"], top["other_id"], top["sentences"], top["documents"]) == (
        "CHN", "TJK", 3, 2,
    )  # fmt: skip
    assert (top["doc"], top["line"], top["sentence"]) == ("a.txt", 1, 1)
    assert (top["name_en"], top["other_name_ar"]) == ("China", "طاجيكستان")
    assert [(r["sentences"], r["documents"]) for r in rows] == sorted(
        [(r["sentences"], r["documents"]) for r in rows], reverse=True
    )
    assert [r["other_id"] for r in totals.rows(min_count=2)] == [
        "TJK", "shavkat-mirziyoyev", "shavkat-mirziyoyev",
    ]  # fmt: skip
    assert len(totals.rows(limit=2)) == 2
    assert [r["id"] for r in totals.rows(sort="name")][:2] == ["CHN", "CHN"]


def test_pieces_of_one_document_count_it_once(mini_tagger):
    text = "الصين وطاجيكستان.\n\n" * 400
    whole, pieced = PairSummary(), PairSummary()
    for _, records in tag_documents(mini_tagger, [Document("big.txt", text)]):
        whole.add(records)
    batches = list(tag_documents(mini_tagger, [Document("big.txt", text)], piece_characters=500))
    assert len(batches) > 5
    for _, records in batches:
        pieced.add(records)
    assert pieced.rows() == whole.rows()
    assert (whole.rows()[0]["sentences"], whole.rows()[0]["documents"]) == (400, 1)


def run(*args):
    return CliRunner().invoke(cli, ["extract", *map(str, args)], env={"COLUMNS": "200"})


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def test_summary_pairs_as_json_csv_and_table(article):
    options = ("--summary", "--pairs", "--gazetteer", MINI_GAZETTEER, "--no-rules", "--no-model")
    result = run(article, *options, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows = json.loads(result.stdout)
    counted = {(r["id"], r["other_id"]): r["sentences"] for r in rows}
    assert counted[("CHN", "TJK")] == 2 and counted[("SCO", "UZB")] == 1
    assert rows[0]["doc"] == str(article)
    as_csv = run(article, *options, "-f", "csv", "--min-count", "2")
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert tuple(table[0]) == PAIR_FIELDS
    assert len(table) == 3 and all(int(row["sentences"]) == 2 for row in table)
    as_table = run(article, *options, "-f", "table")
    assert as_table.exit_code == 0
    assert "7 pairs named in one sentence" in as_table.stdout
    assert "Tajikistan" in as_table.stdout and f"{article.name}" in as_table.stdout


def test_pairs_need_the_summary():
    result = run(SEEDS, "--pairs")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--pairs" in result.stderr and "--summary" in result.stderr


def test_seed_pairs_agree_with_the_records_counted_by_hand():
    mentions = json.loads(run(SEEDS, "-f", "json").stdout)
    named = defaultdict(set)
    for record in mentions:
        named[(record["doc"], record["sentence"])].add(entity_key(record))
    sentences, documents = defaultdict(int), defaultdict(set)
    for (doc, _), keys in named.items():
        for pair in combinations(sorted(keys), 2):
            sentences[pair] += 1
            documents[pair].add(doc)
    result = run(SEEDS, "--summary", "--pairs", "-f", "json")
    rows = json.loads(result.stdout)
    assert len(rows) > 20  # the seeds name many entities together
    got = {
        (
            r["id"] or f"{r['type']}:{r['name_ar']}",
            r["other_id"] or f"{r['other_type']}:{r['other_name_ar']}",
        ): (r["sentences"], r["documents"])
        for r in rows
    }
    assert got == {pair: (count, len(documents[pair])) for pair, count in sentences.items()}
