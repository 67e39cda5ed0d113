import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ner_cli.normalize import fold_text, normalize_key, original_prefix_length

# Arabic letters, marks and presentation forms, what folds away, a decomposed hamza,
# Latin, digits and punctuation: what a text mixes.
FOLD_ALPHABET = [
    *map(chr, range(0x0600, 0x0700)),
    *map(chr, range(0xFB50, 0xFB60)),
    *map(chr, range(0xFEF0, 0xFF00)),
    *"\u200c\u200f\ufeff\u0654\u0655\u00ad abcXYZ019.,|\n\t",
]


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


def _prefix_length_one_by_one(token: str, key_prefix: int) -> int:
    """``original_prefix_length`` as it was: every prefix of the token folded in turn."""
    if key_prefix <= 0:
        return 0
    for end in range(1, len(token) + 1):
        folded = len(normalize_key(token[:end]))
        if folded > key_prefix:
            return end - 1
        if folded == key_prefix:
            while end < len(token) and not normalize_key(token[end]):
                end += 1
            return end
    return len(token)


@pytest.mark.parametrize("run", [0, 1, 15, 16, 17, 40, 2000])
def test_a_long_run_that_folds_to_nothing_after_a_proclitic_is_placed_as_before(run):
    # Case 3 of "Safe on a real archive": each prefix was folded in turn, the square of
    # a token's length where tatweel or marks run on after its proclitic.
    for token in ("و" + "ـ" * run + "بروسيا", "وب" + "\u064e" * run + "روسيا", "ﻷ" + "ـ" * run):
        for key_prefix in (1, 2, 3):
            expected = _prefix_length_one_by_one(token, key_prefix)
            assert original_prefix_length(token, key_prefix) == expected


def test_an_enormous_token_is_placed_without_folding_each_prefix():
    token = "و" + "ـ" * 200_000 + "بروسيا"
    assert original_prefix_length(token, 2) == 200_002
    assert original_prefix_length(token, 1) == 200_001  # the tatweel goes with the و


def test_words_folded_together_are_each_words_key():
    """The word lists are folded in one call (lexicon._read_words): line ends keep each
    word's key its own, marks and presentation forms at a word's edge included."""
    import random

    from ner_cli.lexicon import _read_words
    from ner_cli.resources import data_file

    rng = random.Random(13)
    letters = "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئةىـﺍﻟﺼﻴﻦﻻکیA"
    alphabet = letters + "\u064b\u064e\u0651\u0652\u0654\u0670\u200c\u200f"
    for _ in range(300):
        words = ["".join(rng.choices(alphabet, k=rng.randint(1, 8))) for _ in range(20)]
        assert fold_text("\n".join(words)).split("\n") == [normalize_key(w) for w in words]
    for name in ("common_words.txt", "given_names.txt"):
        lines = data_file(name).read_text(encoding="utf-8").splitlines()
        words = [line.strip() for line in lines if line.strip() and line[0] != "#"]
        assert _read_words(name) == frozenset(map(normalize_key, words))


def test_plain_prefix_shortcut_agrees_with_folding(monkeypatch):
    """original_prefix_length answers at once where the proclitic and the next letter
    are letters that are their own key; elsewhere, and always, as folding says."""
    import random

    from ner_cli import normalize

    rng = random.Random(7)
    alphabet = "وفبكلاأإآءؤئةىيـمصر\u064e\u0650\u0651\u0652\u0653\u0654\u200cﻷﻻﺍA"
    tokens = ["".join(rng.choices(alphabet, k=rng.randint(1, 7))) for _ in range(3000)]
    cases = [(token, rng.randint(1, 3)) for token in tokens]
    shortcut = [original_prefix_length(token, n) for token, n in cases]
    monkeypatch.setattr(normalize, "_PLAIN_LETTERS", frozenset())
    assert shortcut == [original_prefix_length(token, n) for token, n in cases]


def test_what_a_character_folds_to_folds_to_itself():
    # fold_text replaces the folding characters one after another, in any order: it
    # folds as str.translate with the table would only while no folded text folds again.
    from ner_cli.chartables import tables

    for folded in tables().fold.values():
        assert folded.translate(tables().fold) == folded


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(FOLD_ALPHABET), max_size=60))
def test_fold_text_folds_as_the_translation_table_maps_each_character(text):
    from ner_cli.chartables import tables

    assert fold_text(text) == unicodedata.normalize("NFC", text).translate(tables().fold)
