"""End to end over the five seed articles, with the shipped gazetteer."""

import json

import pytest
from click.testing import CliRunner

from ner_cli.cli import cli
from ner_cli.evaluate import Span, doc_key, load_gold, score
from tests.conftest import SEED_GOLD, SEEDS

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def records():
    result = CliRunner().invoke(cli, ["extract", str(SEEDS), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def evaluation(tagger):
    predicted = []
    for path in SEED_FILES:
        text = path.read_text(encoding="utf-8")
        predicted += [
            Span(doc_key(str(path)), m.start, m.end, m.text, m.type, m.id) for m in tagger(text)
        ]
    return score(load_gold(SEED_GOLD), predicted)


def test_the_five_seeds_are_all_read_in_sorted_order(records):
    docs = list(dict.fromkeys(r["doc"] for r in records))
    assert docs == [str(path) for path in SEED_FILES]


def test_every_record_indexes_its_document_exactly(records):
    texts = {str(path): path.read_text(encoding="utf-8") for path in SEED_FILES}
    for record in records:
        assert texts[record["doc"]][record["start"] : record["end"]] == record["text"]


def test_gold_spans_match_their_files():
    texts = {path.name: path.read_text(encoding="utf-8") for path in SEED_FILES}
    for span in load_gold(SEED_GOLD):
        assert texts[span.doc][span.start : span.end] == span.text


@pytest.mark.parametrize("kind", ["COUNTRY", "PERSON"])
def test_every_country_and_person_of_the_seeds_is_found(evaluation, kind):
    missed = [(s.doc, s.text) for s in evaluation.false_negatives if s.type == kind]
    assert missed == []


def test_core_organisations_are_found(evaluation):
    core = {"SCO", "SCO-RATS", "CIS", "CIS-ATC", "CSTO", "UN", "UNOCT", "UNSC", "GCTF"}
    missed = [(s.doc, s.text, s.id) for s in evaluation.false_negatives if s.id in core]
    assert missed == []


def test_found_mentions_are_linked_to_the_gold_ids(evaluation):
    assert [(p.text, p.id, g.id) for p, g in evaluation.wrong_links] == []


def test_seed_micro_f1_is_at_least_095(evaluation):
    assert evaluation.as_dict()["lenient"]["micro"]["f1"] >= 0.95
