import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ner_cli.clitics import first_token_readings
from ner_cli.gazetteer import Entry
from ner_cli.matcher import Mention, filter_spans, mention_of


def spans(tagger, text):
    return [(m.text, m.id) for m in tagger(text)]


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("أوزبكستان", "أوزبكستان"),
        ("وأوزبكستان", "أوزبكستان"),
        ("فأوزبكستان", "أوزبكستان"),
        ("بأوزبكستان", "أوزبكستان"),
        ("كأوزبكستان", "أوزبكستان"),
        ("لأوزبكستان", "أوزبكستان"),
        ("وبأوزبكستان", "أوزبكستان"),
        ("ولأوزبكستان", "أوزبكستان"),
        ("فبأوزبكستان", "أوزبكستان"),
        ("وكأوزبكستان", "أوزبكستان"),
        ("فلأوزبكستان", "أوزبكستان"),
        ("وَبِأُوزْبَكِسْتانَ", "أُوزْبَكِسْتانَ"),
        ("والصين", "الصين"),
        ("بالصين", "الصين"),
        ("للأمم المتحدة", "لأمم المتحدة"),  # ل + ال: the span starts after the first ل
        ("وللأمم المتحدة", "لأمم المتحدة"),
        ("ولرابطة الدول المستقلة", "رابطة الدول المستقلة"),
        ("لكومنولث الدول المستقلة", "كومنولث الدول المستقلة"),
    ],
)
def test_proclitics_stay_outside_the_span(mini_tagger, text, mention):
    (found,) = mini_tagger(f"قال إن {text} اليوم")
    assert found.text == mention


def test_readings_of_a_first_token():
    readings = dict(first_token_readings("وللامم"))
    assert readings["الامم"] == 2
    assert readings["للامم"] == 1
    assert "ل" not in dict(first_token_readings("ول"))  # no stem left


def test_a_word_that_only_starts_like_a_proclitic_is_not_split(mini_tagger):
    assert spans(mini_tagger, "وطشقند") == [("طشقند", "tashkent")]
    assert mini_tagger("بطشق") == []


def test_longest_match_wins(mini_tagger):
    found = spans(mini_tagger, "ومكتب الأمم المتحدة لمكافحة الإرهاب")
    assert found == [("مكتب الأمم المتحدة لمكافحة الإرهاب", "UNOCT")]


def test_a_partial_name_does_not_match(mini_tagger):
    assert mini_tagger("منظمة شنغهاي وحدها") == []


def test_names_across_punctuation_do_not_match(mini_tagger):
    assert spans(mini_tagger, "الأمم، المتحدة") == []


def test_repeated_names_are_each_a_mention(mini_tagger):
    assert len(mini_tagger("طشقند ثم طشقند ثم بطشقند")) == 3


def test_latin_acronyms(mini_tagger):
    assert spans(mini_tagger, "(SCO) و CIS") == [("SCO", "SCO"), ("CIS", "CIS")]


def _mention(start, end, entry_id="X"):
    return Mention(start, end, "x" * (end - start), Entry(entry_id, "ORG", "س", "x"))


def test_filter_spans_keeps_longest_then_earliest():
    long_one = _mention(5, 20, "long")
    early = _mention(0, 6, "early")
    late = _mention(18, 24, "late")
    tie_a, tie_b = _mention(30, 35, "a"), _mention(33, 38, "b")
    kept = filter_spans([late, early, long_one, tie_b, tie_a])
    assert [m.id for m in kept] == ["long", "a"]


def test_filter_spans_keeps_adjacent_spans():
    kept = filter_spans([_mention(0, 5, "a"), _mention(5, 9, "b")])
    assert [m.id for m in kept] == ["a", "b"]


def test_spans_keep_combining_marks_at_their_end_and_drop_tatweel(mini_tagger):
    """Regression: a decomposed hamza or a sukun at a name's end was cut off."""
    for written in ["طشقندْ", "طشقند\u0654"]:
        (found,) = mini_tagger(f"في {written} أمس")
        assert found.text == written
    (found,) = mini_tagger("في ـطشقندـ أمس")
    assert found.text == "طشقند"


def test_a_ligature_of_proclitic_and_letter_stays_in_the_span(mini_tagger):
    """Regression: with ﻷ (ل + أ) the span began after the ligature, losing the alef."""
    text = "زار ﻷﻭﺯﺑﻜﺴﺘﺎﻥ أمس"
    (found,) = mini_tagger(text)
    assert found.id == "UZB"
    assert found.text == "ﻷﻭﺯﺑﻜﺴﺘﺎﻥ"


def test_a_mention_made_by_mention_of_is_a_frozen_mention_like_any_other():
    entry = Entry(id="tashkent", type="LOC", name_ar="طشقند", name_en="Tashkent")
    made = mention_of("في طشقند", 3, 8, entry, "rule", 0.75)
    assert made == Mention(3, 8, "طشقند", entry, "rule", 0.75)
    assert hash(made) == hash(Mention(3, 8, "طشقند", entry, "rule", 0.75))
    assert repr(made) == repr(Mention(3, 8, "طشقند", entry, "rule", 0.75))
    assert type(made) is Mention and (made.type, made.id) == ("LOC", "tashkent")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 0


def _filter_spans_one_character_at_a_time(mentions):
    """filter_spans as first written: the characters taken kept in a set."""
    chosen, taken = [], set()
    for mention in sorted(
        sorted(mentions, key=lambda m: m.start), key=lambda m: (m.start - m.end, m.start)
    ):
        span = range(mention.start, mention.end)
        if taken.isdisjoint(span):
            chosen.append(mention)
            taken.update(span)
    return sorted(chosen, key=lambda m: m.start)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 8), st.integers(0, 3)), max_size=12))
def test_filter_spans_keeps_what_it_kept_one_character_at_a_time(spans):
    mentions = [_mention(start, start + length, str(tag)) for start, length, tag in spans]
    expected = _filter_spans_one_character_at_a_time(mentions)
    assert list(map(id, filter_spans(mentions))) == list(map(id, expected))
