import unicodedata

import pytest

from ner_cli.normalize import normalize_key, original_prefix_length


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("أوزبكستان", "اوزبكستان"),
        ("إيران", "ايران"),
        ("آسيا", "اسيا"),
        ("ٱلصين", "الصين"),
        ("بِأُوزْبَكِسْتانَ", "باوزبكستان"),  # diacritics
        ("ـمـصـر", "مصر"),  # tatweel
        ("موسى", "موسي"),  # alef maksura
        ("منظمة", "منظمه"),  # teh marbuta
        ("ايران\u200c", "ايران"),  # zero-width non-joiner
        ("\u200fقطر\u200e", "قطر"),  # bidi marks
        ("کابل", "كابل"),  # Persian kaf
        ("روسی", "روسي"),  # Persian yeh
        ("ﺍﻟﺼﻴﻦ", "الصين"),  # presentation forms
        ("ﻻهور", "لاهور"),  # lam-alef ligature
    ],
)
def test_variants_share_a_key(variant, plain):
    assert normalize_key(variant) == normalize_key(plain)


def test_decomposed_hamza_folds_like_the_composed_letter():
    decomposed = unicodedata.normalize("NFD", "أحمد")
    assert decomposed != "أحمد"
    assert normalize_key(decomposed) == normalize_key("أحمد")


def test_distinct_words_keep_distinct_keys():
    assert normalize_key("الهند") != normalize_key("الهدن")
    assert normalize_key("SCO") == "SCO"


@pytest.mark.parametrize(
    ("token", "key_prefix", "expected"),
    [
        ("بأوزبكستان", 1, 1),
        ("وَبِأوزبكستان", 2, 4),  # diacritics on the proclitics belong to them
        ("ولرابطة", 2, 2),
        ("أوزبكستان", 0, 0),
    ],
)
def test_original_prefix_length_maps_key_offsets_back(token, key_prefix, expected):
    assert original_prefix_length(token, key_prefix) == expected
