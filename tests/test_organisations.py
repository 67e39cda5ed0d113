"""Bodies and places found by the shape of their names; near-miss spellings."""

import pytest

from ner_cli.lexicon import Lexicon, demonyms_of
from ner_cli.normalize import normalize_key
from ner_cli.variants import one_edit_apart


def found(tagger, text, kind):
    return [(m.text, m.source) for m in tagger(text) if m.type == kind]


def test_a_descriptor_that_is_part_of_the_name(mini_rules_tagger):
    text = "وقال في تقرير نشرته صحيفة إزفيستيا إن"
    assert found(mini_rules_tagger, text, "ORG") == [("صحيفة إزفيستيا", "rule")]


def test_a_head_noun_and_chain_before_a_country(mini_rules_tagger):
    text = "أفاد رئيس وكالة مكافحة المخدرات في طاجيكستان بأن"
    assert ("وكالة مكافحة المخدرات", "rule") in found(mini_rules_tagger, text, "ORG")


def test_a_chain_ending_in_a_demonym_is_a_national_body(tagger):
    text = "وأعلنت الشرطة الفيدرالية الروسية اعتقال"
    assert found(tagger, text, "ORG") == [("الشرطة الفيدرالية الروسية", "rule")]


def test_a_description_before_a_known_name_is_not_a_second_body(mini_rules_tagger, tmp_path):
    text = "وذكرت وكالة الأنباء الصينية اليوم"
    assert found(mini_rules_tagger, text, "ORG") == [("وكالة الأنباء الصينية", "rule")]
    text = "وذكرت وكالة الأنباء الصينية شينخوا أن"
    assert ("وكالة الأنباء الصينية", "rule") not in found(mini_rules_tagger, text, "ORG")


def test_generic_phrases_are_not_bodies(mini_rules_tagger):
    for text in ["سيجتمع مع القيادة العليا في الصين", "عقد المجلس جلسة طارئة", "وزارة جديدة"]:
        assert found(mini_rules_tagger, text, "ORG") == []


def test_an_international_body_with_a_demonym_is_the_national_one(tagger):
    (body,) = [m for m in tagger("وقال سكرتير مجلس الأمن الروسي") if m.type == "ORG"]
    assert body.text == "مجلس الأمن الروسي"
    assert body.id != "UNSC"


def test_places_after_a_place_descriptor_and_their_repeats(mini_rules_tagger):
    text = "تشوريخه - وكالة\nوشارك في التدريب بقاعدة تشوريخه العسكرية"
    places = [(m.text, m.source) for m in mini_rules_tagger(text) if m.type == "LOC"]
    assert places == [("تشوريخه", "rule"), ("تشوريخه", "rule")]


def test_the_descriptor_stays_outside_a_place(mini_rules_tagger):
    (place,) = [m for m in mini_rules_tagger("في مدينة تيانجين الصينية") if m.type == "LOC"]
    assert place.text == "تيانجين"


@pytest.mark.parametrize("variant", ["قرغزيستان", "وقيرغزستان", "طاجكيستان"])
def test_near_miss_spellings_of_known_names_are_linked(mini_rules_tagger, variant):
    (country,) = [m for m in mini_rules_tagger(f"وزار {variant} أمس") if m.type == "COUNTRY"]
    assert country.id in {"KGZ", "TJK"}
    assert country.source == "rule"


def test_suffixes_that_make_another_word_are_not_near_misses(mini_rules_tagger):
    assert mini_rules_tagger("المسؤولون الطاجيكستانيون والقرغيزستاني") == []


def test_one_edit_apart():
    assert one_edit_apart("قرغزيستان", "قرغيزستان")  # neighbours swapped
    assert one_edit_apart("طاجكستان", "طاجيكستان")  # one letter missing
    assert not one_edit_apart("طاجيكستان", "طاجيكستان")
    assert not one_edit_apart("كازاخستان", "تركمانستان")


def test_demonyms_derive_from_country_names(mini_index):
    demonyms = demonyms_of(mini_index.entries)
    for adjective in ["الأوزبكي", "الأوزبكية", "الصيني", "الصينية", "الطاجيكي"]:
        assert normalize_key(adjective) in demonyms
    assert normalize_key("الصين") not in demonyms


def test_everyday_words_and_given_names():
    lexicon = Lexicon.default()
    assert lexicon.is_everyday(normalize_key("أهمية"))
    assert lexicon.is_everyday(normalize_key("وأهمية"))
    assert not lexicon.is_everyday(normalize_key("محمد"))  # frequent, but a given name
    assert not lexicon.is_everyday(normalize_key("كارمازين"))


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("قضت المحكمة الإقليمية العليا في مدينة دوسلدورف", "المحكمة الإقليمية العليا"),
        ("وأكد مسؤول في وزارة شؤون اللاجئين والعودة أن", "وزارة شؤون اللاجئين والعودة"),
        ("وكان مكتب المدعي العام الاتحادي قد أكد", "مكتب المدعي العام الاتحادي"),
        ("ويرى الباحث في معهد شنغهاي للدراسات الدولية أن", "معهد شنغهاي للدراسات الدولية"),
        ('واستهدفت موقعا لشركة "شاهين إس إم" للتعدين', "شاهين إس إم"),
        ("برلين (د ب أ) - قضت المحكمة", "د ب أ"),
    ],
)
def test_bodies_by_the_shape_of_their_names(tagger, text, body):
    found = [(m.text, m.type) for m in tagger(text)]
    assert (body, "ORG") in found
    assert ("شنغهاي", "LOC") not in found  # a place inside a body's name is the body's


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("بدأت عملية في بلدتي باسني وأورماره أمس", ["باسني", "أورماره"]),
        ('الهجوم على قاعة "كروكوس سيتي هول" قرب', ["كروكوس سيتي هول"]),
        ("استعادة السيطرة على بلدة حدودية ومطار", []),
    ],
)
def test_places_after_descriptors(tagger, text, places):
    assert [m.text for m in tagger(text) if m.type == "LOC"] == places
