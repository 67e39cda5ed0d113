"""People found by context: titles, role phrases, appositions, repeated surnames."""

import pytest


def people(tagger, text):
    return [(m.text, m.source) for m in tagger(text) if m.type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وقال السيد يورغن شتوك في كلمته", "يورغن شتوك"),
        ('أوضح "الجنرال سيرغي كيساني" للصحفيين', "سيرغي كيساني"),
        ("سلط الكاتب إيغور كارمازين الضوء على الحدود", "إيغور كارمازين"),
        ("أعلن المتحدث باسم الخارجية الإيرانية سعيد خطيب زادة أن", "سعيد خطيب زادة"),
        ("أفاد رئيس وكالة مكافحة المخدرات في طاجيكستان، ظفر صمد، بأن", "ظفر صمد"),
        ("ويحضر وزير الخارجية الطاجيكي سراج الدين مهر الدين الاجتماع", "سراج الدين مهر الدين"),
        ("وزير الخارجية الأوزبكي عبد العزيز كاملوف", "عبد العزيز كاملوف"),
        ("بعث بها إلى يوري تشيخانشين رئيس الهيئة", "يوري تشيخانشين"),
    ],
)
def test_names_after_titles_and_roles_are_people(mini_rules_tagger, text, name):
    assert (name, "rule") in people(mini_rules_tagger, text)


@pytest.mark.parametrize(
    "text",
    [
        "قال الرئيس إن الاجتماع كان مثمرا",
        "أكد وزير الخارجية أهمية التعاون بين البلدين",
        "وشدد الأمين العام على ضرورة مكافحة الإرهاب",
        "ورحب رئيس الوزراء بالضيوف، مؤكداً دعم بلاده",
        "أعلن المتحدث باسم الخارجية الروسية الجمعة عن زيارة",
        "وقال مدير المكتب في بيان صحفي",
        "التقى الرئيس الصيني بنظيره الروسي اليوم",
    ],
)
def test_titles_and_roles_without_a_name_find_nobody(mini_rules_tagger, text):
    assert people(mini_rules_tagger, text) == []


def test_a_named_role_holder_is_not_named_twice(mini_rules_tagger):
    text = "أكد رئيس أوزبكستان شوكت ميرضيائيف، مشيرا إلى أهمية التعاون"
    assert people(mini_rules_tagger, text) == [("شوكت ميرضيائيف", "gazetteer")]


def test_a_surname_alone_is_linked_to_the_full_name(mini_rules_tagger):
    text = "قال السيد نيكولاي باتروشيف إن ... وأضاف باتروشيف أن ... ولباتروشيف رأي"
    found = [m for m in mini_rules_tagger(text) if m.type == "PERSON"]
    assert [m.text for m in found] == ["نيكولاي باتروشيف", "باتروشيف", "باتروشيف"]
    assert {m.entry.name_ar for m in found} == {"نيكولاي باتروشيف"}


def test_a_shared_part_inside_another_full_name_is_not_linked(mini_rules_tagger):
    text = "قال السيد نيكولاي باتروشيف إن ... ثم تحدث ديمتري باتروشيف"
    linked = [m.text for m in mini_rules_tagger(text) if m.source == "rule" and m.type == "PERSON"]
    assert "باتروشيف" not in linked


def test_rule_mentions_carry_a_score_below_the_gazetteer(mini_rules_tagger):
    (person,) = [m for m in mini_rules_tagger("قال السيد يورغن شتوك") if m.type == "PERSON"]
    assert 0 < person.score < 1
    assert person.id == ""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وقالت الخبيرة يوتا ماركوارت-شولتس إن", "يوتا ماركوارت-شولتس"),  # hyphenated
        ("قال الباحث سلام الحسيني إن", "سلام الحسيني"),  # family name with the article
        ("ويرى الباحث سيد علي رضا نقشبندي أن", "سيد علي رضا نقشبندي"),  # علي, not على
        ("وقال الباكستاني ظفر إقبال كاكاخيل إن", "ظفر إقبال كاكاخيل"),  # after a demonym
        ("أن المتهم الرئيسي، ويدعى نور محمد، تلقى", "نور محمد"),  # "is called"
    ],
)
def test_harder_names(tagger, text, name):
    assert name in [m.text for m in tagger(text) if m.type == "PERSON"]


def test_a_noun_and_its_genitive_after_a_role_is_no_name(tagger):
    text = "قال الخبير في مكافحة غسل الأموال إن"
    assert [m.text for m in tagger(text) if m.type == "PERSON"] == []


def test_a_two_word_part_of_a_name_is_linked(tagger):
    text = "قال السيد فرخ شريف زاده إن الاجتماع مهم. وأوضح شريف زاده أن"
    found = [m for m in tagger(text) if m.type == "PERSON"]
    assert [m.text for m in found] == ["فرخ شريف زاده", "شريف زاده"]
    assert found[1].entry is found[0].entry


def test_a_word_longer_than_any_name_is_no_name(mini_rules_tagger):
    # Case 3 of "Safe on a real archive": text run together into one enormous "word"
    # after a title was a person, and every step kept copies of it.
    run_together = "وقالالسيديورغنشتوكفيكلمته" * 40
    assert people(mini_rules_tagger, f"وقال السيد {run_together} في كلمته") == []
    assert people(mini_rules_tagger, "وقال السيد شتوك في كلمته") == [("شتوك", "rule")]


def test_a_full_name_said_again_is_one_mention_not_its_parts(mini_rules_tagger):
    """Regression: a rule-found name said again with no title to find it by came back
    as its two parts side by side (``سلفان`` and ``شالوم``), each linked to it."""
    text = "قال وزير الخارجية سلفان شالوم إن الحزب سيفوز.\nوقال سلفان شالوم إن الحزب قوي."
    found = [m for m in mini_rules_tagger(text) if m.type == "PERSON"]
    assert [m.text for m in found] == ["سلفان شالوم", "سلفان شالوم"]
    assert found[1].entry is found[0].entry
