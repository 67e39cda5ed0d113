import re

from hypothesis import given
from hypothesis import strategies as st

from ner_cli.records import FIELDS, build_records, one_line


def test_records_carry_position_link_and_context(mini_tagger):
    text = "سطر أول\nانطلق المؤتمر في طشقند بأوزبكستان\nسطر ثالث"
    records = build_records("a.txt", text, mini_tagger(text), context_width=10)
    assert [r["text"] for r in records] == ["طشقند", "أوزبكستان"]
    first = records[0]
    assert tuple(first) == FIELDS
    assert first["doc"] == "a.txt"
    assert text[first["start"] : first["end"]] == "طشقند"
    assert (first["type"], first["id"], first["name_en"]) == ("LOC", "tashkent", "Tashkent")
    assert first["line"] == 2
    assert "طشقند" in first["context"] and "\n" not in first["context"]
    assert len(first["context"]) <= len("طشقند") + 2 * 10


def test_line_numbers_count_from_one(mini_tagger):
    text = "طشقند\n\n\nطشقند"
    assert [r["line"] for r in build_records("d", text, mini_tagger(text))] == [1, 4]


def test_contexts_at_a_piece_edge_are_completed_from_around_the_piece(mini_tagger):
    # Case 3 of "Safe on a real archive": pieces are smaller now, and a mention near a
    # piece's edge had its context cut short there.
    text = "سطر أول عن موسكو\nانطلق المؤتمر في طشقند\nوفي موسكو"
    whole = build_records("a.txt", text, mini_tagger(text), context_width=12)
    start, end = text.index("انطلق"), text.index("وفي")
    piece = text[start:end]
    pieced = build_records(
        "a.txt", piece, mini_tagger(piece), 12, start, 2, "",
        text[start - 12 : start], text[end : end + 12], first_sentence=2,
    )  # fmt: skip
    assert [r["text"] for r in pieced] == ["طشقند"]
    assert pieced == [r for r in whole if r["text"] == "طشقند"]


def test_records_carry_the_sentence_of_their_mention(mini_tagger):
    text = "زار د. علي طشقند وأوزبكستان. ثم عاد إلى طشقند\n\nوفي 3.5 ساعة أوزبكستان"
    records = build_records("d", text, mini_tagger(text))
    assert [(r["text"], r["sentence"]) for r in records] == [
        ("طشقند", 1),
        ("أوزبكستان", 1),
        ("طشقند", 2),
        ("أوزبكستان", 3),
    ]


def test_records_of_a_piece_number_sentences_in_the_whole_document(mini_tagger):
    text = "ثم عاد إلى طشقند. وأوزبكستان"
    records = build_records("d", text, mini_tagger(text), first_line=7, first_sentence=12)
    assert [(r["line"], r["sentence"]) for r in records] == [(7, 12), (7, 13)]


@given(st.text(alphabet=" \n\t\r\xa0\u2028\u3000\u200f\x00اب.", max_size=16))
def test_one_line_folds_white_space_runs_as_the_pattern_does(snippet):
    folded = re.sub(r"\s+", " ", snippet)
    assert one_line(snippet, keep_edges=True) == folded
    assert one_line(snippet) == folded.strip()
