"""Sentences as the records number them: Arabic and Latin stops, never inside numbers
or abbreviations."""

import pytest

from ner_cli.inputs import Document
from ner_cli.pipeline import pieces_of
from ner_cli.sentences import sentence_number, sentence_starts


def sentences(text: str) -> list[str]:
    starts = sentence_starts(text)
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_arabic_and_latin_punctuation_and_line_ends_end_sentences():
    text = "انعقد المؤتمر. هل حضر الوفد؟ نعم! ثم؛ وانتهى\nسطر آخر? أجل"
    assert sentences(text) == [
        "انعقد المؤتمر.",
        "هل حضر الوفد؟",
        "نعم!",
        "ثم؛",
        "وانتهى",
        "سطر آخر?",
        "أجل",
    ]


def test_a_stop_without_a_following_space_still_ends_an_arabic_sentence():
    assert sentences("في المنطقة.وتستضيف طشقند المؤتمر") == ["في المنطقة.", "وتستضيف طشقند المؤتمر"]


@pytest.mark.parametrize(
    "text",
    [
        "بلغ النمو 3.5 في المئة",
        "بلغ النمو ٣.٥ في المئة",
        "قال د. محمد الحسيني إن الوفد وصل",
        "نقلت وكالة أ. ف. ب الخبر",
        "نقلت وكالة أ.ف.ب الخبر",
        "the site un.org and the U.S delegation",
        "met Dr. Smith and J. Doe today",
    ],
)
def test_numbers_and_abbreviations_do_not_end_sentences(text):
    assert sentences(text) == [text]


def test_closing_quotes_stay_with_the_sentence_they_end():
    text = "وقال: “نحن مستعدون.” ثم غادر. وأضاف «لا»."
    assert sentences(text) == ["وقال: “نحن مستعدون.”", "ثم غادر.", "وأضاف «لا»."]


def test_list_numbers_opening_a_line_do_not_end_a_sentence():
    assert sentences("البنود:\n1. الأمن\n2. التعاون") == ["البنود:", "1. الأمن", "2. التعاون"]
    assert sentences("في عام 2023. وقال") == ["في عام 2023.", "وقال"]


def test_blank_lines_and_spaces_belong_to_no_sentence():
    assert sentence_starts("") == []
    assert sentence_starts("  \n\n \n") == []
    text = "\n\n  أول.   \n\nثان\n"
    assert sentences(text) == ["أول.", "ثان"]
    assert text[sentence_starts(text)[0]] == "أ"


def test_sentence_numbers_count_from_one():
    text = "أول. ثان. ثالث"
    starts = sentence_starts(text)
    assert [sentence_number(starts, text.index(word)) for word in ("أول", "ثان", "ثالث")] == [
        1,
        2,
        3,
    ]


def test_pieces_of_a_large_document_carry_their_first_sentence():
    text = "".join(f"زار د. علي طشقند يوم {n}. ثم سمرقند\n\n" for n in range(400))
    pieces = list(pieces_of(Document("big.txt", text), size=1000))
    assert len(pieces) > 5
    for piece in pieces:
        assert piece.first_sentence == len(sentence_starts(text[: piece.offset])) + 1
    assert sum(len(sentence_starts(piece.text)) for piece in pieces) == len(sentence_starts(text))
