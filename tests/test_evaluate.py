import json

import pytest

from ner_cli.errors import NerError
from ner_cli.evaluate import (
    Span,
    check_gold_text,
    error_record,
    load_gold,
    read_gold,
    score,
    unmatched_gold,
)


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


GOOD = {"doc": "a.txt", "start": 4, "end": 9, "text": "طشقند", "type": "LOC", "id": ""}


def write_gold(tmp_path, *rows):
    path = tmp_path / "gold.jsonl"
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({**GOOD, "start": 3.5}, "start must be a whole number of characters, not 3.5"),
        (json.dumps(GOOD).replace('"start": 4', '"start": 1e400'), "not 1E+400"),
        ({**GOOD, "end": "9"}, 'end must be a whole number of characters, not "9"'),
        ({**GOOD, "start": True}, "start must be a whole number of characters, not true"),
        ({**GOOD, "start": -1}, "start -1 is negative"),
        ({**GOOD, "start": 9, "end": 4}, "start 9 is not before end 4"),
        ({**GOOD, "end": 4}, "start 4 is not before end 4"),
        ({**GOOD, "text": None}, "text must be a string, not null"),
        ("[1, 2]", "expected a JSON object, found list"),
    ],
)
def test_load_gold_rejects_offsets_that_are_not_a_span(tmp_path, row, problem):
    path = write_gold(tmp_path, GOOD, row)
    with pytest.raises(NerError) as caught:
        load_gold(path)
    assert str(caught.value).startswith(f"{path}:2: ")
    assert problem in str(caught.value)


def test_read_gold_numbers_each_span_by_its_line(tmp_path):
    path = write_gold(tmp_path, GOOD, "", {**GOOD, "start": 0, "end": 3, "text": "زار"})
    assert [number for number, _ in read_gold(path)] == [1, 3]
    assert load_gold(path) == [span for _, span in read_gold(path)]


def test_check_gold_text_names_the_line_of_a_span_that_does_not_fit(tmp_path):
    text = "زار طشقند"
    gold = read_gold(write_gold(tmp_path, GOOD))
    check_gold_text("gold.jsonl", gold, text)  # fits: no error
    past = [(12, Span("a.txt", 4, 5012, "طشقند", "LOC"))]
    with pytest.raises(NerError, match=r"^gold.jsonl:12: end 5012 is past the end of a.txt "):
        check_gold_text("gold.jsonl", past, text)
    wrong = [(3, Span("a.txt", 4, 9, "موسكو", "LOC"))]
    with pytest.raises(NerError, match="^gold.jsonl:3: text 'موسكو' does not match a.txt at 4-9"):
        check_gold_text("gold.jsonl", wrong, text)


def test_unmatched_gold_names_the_documents_no_input_matches():
    gold = [span(0, 1, doc=name) for name in ("a.txt", "b.txt", "c.txt", "b.txt")]
    assert unmatched_gold("g.jsonl", gold, {"a.txt", "b.txt", "c.txt"}) is None
    assert unmatched_gold("g.jsonl", gold, {"a.txt"}) == (
        "g.jsonl: 2 gold documents match no input: b.txt, c.txt"
    )
    assert unmatched_gold("g.jsonl", gold, {"a.txt"}, shown=1).endswith(": b.txt …")
    assert unmatched_gold("g.jsonl", gold, {"a.txt", "b.txt"}) == (
        "g.jsonl: 1 gold document matches no input: c.txt"
    )


def test_errors_come_as_records_with_their_line_and_both_ids_of_a_wrong_link():
    text = "سطر أول\nزار طاجيكستان وأوزبكستان"
    start = text.index("طاجيكستان")
    gold = [Span("a.txt", start, start + 9, "طاجيكستان", "COUNTRY", "TJK")]
    predicted = [Span("a.txt", start, start + 9, "طاجيكستان", "COUNTRY", "UZB"),
                 Span("a.txt", 0, 3, "سطر", "PERSON", None)]  # fmt: skip
    evaluation = score(gold, predicted)
    kinds = [(kind, span.text) for kind, span, _ in evaluation.errors()]
    assert kinds == [("FP", "سطر"), ("LINK", "طاجيكستان")]
    (link,) = [error_record(kind, span, gold_span, text, "news/a.txt")
               for kind, span, gold_span in evaluation.errors() if kind == "LINK"]  # fmt: skip
    assert (link["doc"], link["line"], link["id"]) == ("news/a.txt", 2, "UZB≠TJK")
    assert text[link["start"] : link["end"]] == link["text"]
