"""Arabic drawn right on terminals without bidi: shaping, order, mirroring, highlights."""

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ner_cli.display import visual, visual_runs

pytest.importorskip("arabic_reshaper")


def test_brackets_are_mirrored_in_right_to_left_text():
    # Each bracket must face the words it encloses: on screen "(" leftmost, ")" rightmost
    # (python-bidi's get_display alone shows ")…(").
    shown = visual("(8 أكتوبر/ تشرين الأول)")
    assert shown.startswith("(") and shown.endswith(")")
    assert visual("أستانا (شينخوا) –").count("(") == 1
    shown = visual("أستانا (شينخوا) –")
    assert shown.index("(") < shown.index(")")  # "(" left of the word, ")" right of it


def test_brackets_around_latin_inside_arabic_are_not_mirrored():
    shown = visual("موقع RT World News (website)")
    assert "RT World News (website)" in shown


def test_a_highlight_never_breaks_the_joining_of_letters():
    context = "في طشقند بأوزبكستان. وتم"
    start = context.index("أوزبكستان")
    runs = visual_runs(context, [(start, start + len("أوزبكستان"), "hl")])
    assert "".join(text for text, _ in runs) == visual(context)
    highlighted = "".join(text for text, style in runs if style == "hl")
    # The mention's letters are the shaped forms they take joined to the ب before them.
    assert highlighted in visual("بأوزبكستان")
    assert len(highlighted) == len("أوزبكستان")


def test_a_ligature_across_the_highlight_edge_stays_highlighted():
    context = "وصل لأوزبكستان"
    start = context.index("أوزبكستان")
    runs = visual_runs(context, [(start, len(context), "hl")])
    assert "".join(text for text, _ in runs) == visual(context)
    assert any("\ufef7" in text for text, style in runs if style == "hl")  # لأ in one glyph


def test_combining_marks_follow_their_letter():
    shown = visual("بَيت")
    assert shown.index("\u064e") == shown.index("\ufe91") + 1  # fatha after initial beh


def test_text_without_arabic_is_untouched():
    assert visual("Tashkent (UZB)") == "Tashkent (UZB)"


def test_latin_message_with_arabic_keeps_its_left_to_right_order():
    shown = visual("ner: a.txt: الاسم (مكرر)", base="L")
    assert shown.startswith("ner: a.txt: ")


arabic_text = st.text(
    alphabet=st.sampled_from(
        # … and presentation forms as some texts have them already (ﻻ ﺑ ﷲ)
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي أإآةىئؤء،.()[]«»0123 ab\u064e\u0651ﻻﺑ\ufdf2")
    ),
    max_size=40,
)


def test_a_word_the_reshaper_reorders_stays_as_written_each_character_its_own():
    """لَآ: the reshaper gives the ligature ﻵ, then the fatha written before its alef; no
    shaped character stands for one stretch of the word, so the word is shown as written
    (unjoined), and every character still maps to itself for highlighting."""
    from ner_cli.display import _reshaper, _shaped

    assert _reshaper().reshape("لَآ") != "لَآ"
    assert _shaped("لَآ") == ("لَآ", [(0, 1), (1, 2), (2, 3)])
    # the other words of the line are shaped all the same
    assert _shaped("قال لَآ") == (_reshaper().reshape("قال") + " لَآ",
                                   [(i, i + 1) for i in range(7)])  # fmt: skip


@given(arabic_text, st.integers(0, 40), st.integers(0, 40))
def test_runs_are_the_visual_text_whatever_the_spans(text, start, length):
    runs = visual_runs(text, [(start, start + length, "x")])
    assert "".join(chars for chars, _ in runs) == visual(text)


# A haraka between lam and alef: the reshaper draws the lam-alef ligature and moves the
# mark after it, which maps no shaped character to one stretch of the word.
MARK_INSIDE_LAM_ALEF = re.compile("ل[\u064e\u0651]+[اأإآ]")


@given(arabic_text)
def test_shaping_word_by_word_equals_shaping_the_whole_line(text):
    from ner_cli.display import _reshaper, _shaped

    assume(not MARK_INSIDE_LAM_ALEF.search(text))
    shaped, origins = _shaped(text)
    assert shaped == _reshaper().reshape(text)
    assert [start for start, _ in origins] == sorted({start for start, _ in origins})
    assert (origins[-1][1] if origins else 0) == len(text)


right_to_left_only = st.text(
    alphabet=st.sampled_from(list("ابتجدرسعلمنهوي ءة،؛.()[]«»!?-%#\u064e\u0651\u200f")),
    max_size=40,
)


@given(right_to_left_only)
def test_the_one_level_shortcut_agrees_with_the_bidi_algorithm(text):
    from ner_cli.display import _levels, _resolved

    assert _levels(text, "R") == _resolved(text, "R")


def test_presentation_forms_already_in_the_text_stand_for_themselves():
    from ner_cli.display import _shaped

    text = "ﻻبد"  # lam-alef typed as one presentation character, in a word
    shaped, origins = _shaped(text)
    assert shaped[0] == "ﻻ" and origins[0] == (0, 1)
    assert origins == [(index, index + 1) for index in range(len(text))]
    assert shaped != text  # the rest of the word is shaped all the same
