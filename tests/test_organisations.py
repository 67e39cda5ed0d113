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


# ENTITIES.md: a state's army, armed forces or government named by a common noun and a
# demonym is no entity; its proper name is.
STATE_FORCES = [
    "قال الجيش اللبناني إن الجيش الإسرائيلي قصف القرية.",
    "وأعلنت القوات المسلحة النيجرية مقتل عشرة مسلحين.",
    "وانتشرت القوات الألمانية والقوات الروسية في المنطقة.",
    "وأكدت الحكومة الفرنسية أن الاجتماع سيعقد.",
]


@pytest.mark.parametrize("text", STATE_FORCES)
def test_armies_and_governments_named_by_a_demonym_are_not_bodies(tagger, text):
    assert found(tagger, text, "ORG") == []


@pytest.fixture(scope="module")
def rules_tagger():
    from ner_cli import Tagger

    return Tagger(model=False)


@pytest.mark.parametrize("text", STATE_FORCES)
def test_the_rules_alone_take_no_army_or_government_for_a_body(rules_tagger, text):
    assert found(rules_tagger, text, "ORG") == []


def test_an_army_with_a_proper_name_is_a_body(tagger):
    text = "وقال جيش التحرير الشعبي إن قوات الرد السريع الجماعية ستشارك."
    assert [name for name, _ in found(tagger, text, "ORG")] == [
        "جيش التحرير الشعبي",
        "قوات الرد السريع الجماعية",
    ]


def test_names_state_forces_reads_keys():
    from ner_cli.organisations import names_state_forces

    lexicon = Lexicon.default()
    lexicon = Lexicon(
        lexicon.common, lexicon.given, frozenset(map(normalize_key, ["اللبناني", "الروسية"]))
    )

    def keys(text):
        return [normalize_key(word) for word in text.split()]

    assert names_state_forces(keys("والجيش اللبناني"), lexicon.is_demonym)
    assert names_state_forces(keys("القوات المسلحة الروسية"), lexicon.is_demonym)
    assert names_state_forces(keys("الجيش الروسية والقوات اللبناني"), lexicon.is_demonym)
    assert not names_state_forces(keys("الجيش اللبناني والشرطة الروسية"), lexicon.is_demonym)
    assert not names_state_forces(keys("الجيش الوطني اللبناني"), lexicon.is_demonym)
    assert not names_state_forces(keys("الشرطة الروسية"), lexicon.is_demonym)  # a service
    assert not names_state_forces(keys("الجيش"), lexicon.is_demonym)


def test_a_body_leaves_its_head_words_proclitic_out(tagger):
    text = "وأعلنت والشرطة الفيدرالية الروسية أمس، وقال مسؤول بوزارة الزراعة الطاجيكية إن"
    names = [name for name, source in found(tagger, text, "ORG") if source == "rule"]
    assert "الشرطة الفيدرالية الروسية" in names
    assert "وزارة الزراعة الطاجيكية" in names
    assert not [
        name for name in names if name.startswith(("و", "ب")) and name != "وزارة الزراعة الطاجيكية"
    ]


def test_the_head_of_a_ministry_keeps_its_own_first_letter(mini_rules_tagger):
    text = "وأعلنت وزارة الدفاع الطاجيكية أمس"
    assert ("وزارة الدفاع الطاجيكية", "rule") in found(mini_rules_tagger, text, "ORG")


def test_a_country_whose_name_starts_with_al_gives_demonyms():
    """ألمانيا folds to المانيا: its ال is no article, and الألمانية is its demonym."""
    from ner_cli.gazetteer import Entry

    demonyms = demonyms_of([Entry("DEU", "COUNTRY", "ألمانيا", "Germany"),
                            Entry("SDN", "COUNTRY", "السودان", "Sudan")])  # fmt: skip
    for adjective in ["الألمانية", "الألماني", "ألمانية", "السوداني", "السودانية"]:
        assert normalize_key(adjective) in demonyms, adjective


# ENTITIES.md: events, festivals, competitions and leagues are no entities, and a place
# inside their names is not tagged; where the name stands for an organisation, it is it.
EVENTS = [
    ("افتتح مهرجان القاهرة السينمائي أمس.", "القاهرة"),
    ("وفاز الفريق في دوري أبطال آسيا للمرة الثانية.", "آسيا"),
    ("وتأهل المنتخب إلى نهائي كأس مصر.", "مصر"),
    ("وشارك الوزير في منتدى دافوس ومؤتمر ميونخ للأمن.", "دافوس"),
    ("وشارك الوزير في منتدى دافوس ومؤتمر ميونخ للأمن.", "ميونخ"),
]


@pytest.mark.parametrize(("text", "place"), EVENTS)
def test_a_place_inside_an_events_name_is_not_tagged(tagger, rules_tagger, text, place):
    for each in (tagger, rules_tagger):
        assert place not in [m.text for m in each(text)], each


@pytest.mark.parametrize("text", [text for text, _ in EVENTS])
def test_event_heads_found_once_per_text_drop_what_asking_each_word_drops(tagger, text):
    """The rules hand ``outside_events`` the text's event heads, found through their
    trigger bit (behind proclitics too: ومؤتمر); it drops exactly what it drops when it
    asks each word itself."""
    from ner_cli.context import TokenSheet
    from ner_cli.lexicon import EVENT_HEAD_FORMS
    from ner_cli.matcher import filter_spans, find_matches
    from ner_cli.places import outside_events
    from ner_cli.tokenize import tokenize

    tokens = tokenize(text)
    sheet = TokenSheet(text, tokens, tagger.lexicon)
    heads = set(sheet.positions(EVENT_HEAD_FORMS))
    assert heads, "each text names an event"
    mentions = filter_spans(find_matches(sheet.tokens, tagger.index, text, sheet.keys))
    asked = outside_events(sheet.tokens, sheet.keys, mentions)
    assert asked != mentions, "a place inside the event's name is dropped"
    assert outside_events(sheet.tokens, sheet.keys, mentions, heads=heads) == asked
    assert outside_events(sheet.tokens, sheet.keys, mentions, heads=set()) == mentions


def test_a_place_beside_an_event_is_still_a_place(tagger):
    text = "وعقد المؤتمر في القاهرة، وزار الوفد مصر بعد البطولة."
    assert [m.text for m in tagger(text)] == ["القاهرة", "مصر"]


def test_a_summit_named_for_an_organisation_is_that_organisation(tagger):
    mentions = tagger("وعقدت قمة شنغهاي في أستانا، ثم قمة منظمة شنغهاي للتعاون.")
    assert [(m.text, m.id) for m in mentions] == [
        ("قمة شنغهاي", "SCO"),
        ("أستانا", "astana"),
        ("منظمة شنغهاي للتعاون", "SCO"),
    ]


def test_online_platforms_are_bodies(tagger):
    mentions = tagger("ونشر البيان على منصة إكس وفيسبوك وتلغرام، وقال بي إكس إن.")
    assert [(m.text, m.type, m.id) for m in mentions] == [
        ("إكس", "ORG", "x-twitter"),
        ("فيسبوك", "ORG", "facebook"),
        ("تلغرام", "ORG", "telegram"),
    ]


def test_a_courts_city_is_part_of_its_name(rules_tagger):
    """ENTITIES.md's own example: محكمة جنايات القاهرة is one ORG, not a place."""
    mentions = rules_tagger("وقضت محكمة جنايات القاهرة بسجن المتهمين.")
    assert [(m.text, m.type) for m in mentions] == [("محكمة جنايات القاهرة", "ORG")]


def test_a_chain_stops_where_another_body_begins(rules_tagger):
    names = [m.text for m in rules_tagger("وأعلن جهاز الأمن القومي ووزارة الداخلية الطاجيكية أن")]
    assert names == ["جهاز الأمن القومي", "وزارة الداخلية الطاجيكية"]
    names = [m.text for m in rules_tagger("وأعلنت وزارة الخارجية والتعاون الدولي أن")]
    assert names == ["وزارة الخارجية والتعاون الدولي"]  # والتعاون is no head: the name goes on
