import json

import pytest

from ner_cli.errors import NerError
from ner_cli.evaluate import Span, load_gold, score


def span(start, end, kind="ORG", entity_id="", doc="d"):
    return Span(doc, start, end, "x" * (end - start), kind, entity_id)


def micro(evaluation, mode="lenient"):
    return evaluation.as_dict()[mode]["micro"]


def test_overlapping_prediction_of_the_same_type_is_a_true_positive():
    result = micro(score([span(0, 10)], [span(2, 10)]))
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 0)


def test_exact_score_needs_both_boundaries():
    evaluation = score([span(0, 10)], [span(2, 10)])
    exact = micro(evaluation, "exact")
    assert (exact["tp"], exact["fp"], exact["fn"]) == (0, 1, 1)


def test_a_type_mismatch_is_a_false_positive_and_a_false_negative():
    result = micro(score([span(0, 10, "ORG")], [span(0, 10, "LOC")]))
    assert (result["tp"], result["fp"], result["fn"]) == (0, 1, 1)


def test_pieces_inside_a_matched_gold_mention_are_ignored():
    result = micro(score([span(0, 30)], [span(0, 12), span(14, 30)]))
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 0)


def test_matching_is_one_to_one_by_largest_overlap():
    gold = [span(0, 10), span(12, 20)]
    # one long prediction covering both golds matches only one of them
    result = micro(score(gold, [span(0, 20)]))
    assert (result["tp"], result["fp"], result["fn"]) == (1, 0, 1)
    evaluation = score(gold, [span(5, 13), span(8, 18)])
    assert evaluation.false_negatives == []  # (8,18) takes gold 2 (6 chars), (5,13) gold 1


def test_documents_are_scored_separately():
    result = micro(score([span(0, 5, doc="a")], [span(0, 5, doc="b")]))
    assert (result["tp"], result["fp"], result["fn"]) == (0, 1, 1)


def test_linking_counts_matched_mentions_with_a_gold_id():
    gold = [
        span(0, 5, entity_id="UZB", kind="COUNTRY"),
        span(10, 15, kind="LOC"),
        span(20, 25, entity_id="CHN", kind="COUNTRY"),
    ]
    predicted = [
        span(0, 5, entity_id="UZB", kind="COUNTRY"),
        span(10, 15, "LOC", "tashkent"),
        span(20, 25, entity_id="TWN", kind="COUNTRY"),
    ]
    linking = score(gold, predicted).as_dict()["linking"]
    assert linking == {"correct": 1, "total": 2, "accuracy": 0.5}


def test_precision_recall_f1():
    gold = [span(0, 5), span(10, 15), span(20, 25), span(30, 35)]
    predicted = [span(0, 5), span(10, 15), span(40, 45)]
    result = micro(score(gold, predicted))
    assert result["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["recall"] == 0.5
    assert result["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5), abs=1e-4)


def test_load_gold_reads_json_lines_and_names_bad_lines(tmp_path):
    path = tmp_path / "gold.jsonl"
    good = {"doc": "dir/a.txt", "start": 0, "end": 5, "text": "طشقند", "type": "LOC", "id": ""}
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert load_gold(path) == [Span("a.txt", 0, 5, "طشقند", "LOC", "")]
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "type": "CITY"}) + "\n")
    with pytest.raises(NerError, match=r"gold.jsonl:2: unknown type 'CITY'"):
        load_gold(path)
