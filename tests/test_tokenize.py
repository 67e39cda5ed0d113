import re
from pathlib import Path

import pytest
from camel_tools.tokenizers.word import simple_word_tokenize
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ner_cli.chartables import tables
from ner_cli.tokenize import WHITE_SPACE, tokenize

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "text",
    [
        "انطلق مؤتمر في طشقند بأوزبكستان.",
        "وَبِأُوزْبَكِسْتانَ، والصين؛ (روسيا) «قطر»",
        "  مسافات   متعددة\n\nوسطور\tوجدول  ",
        "تـطـويـل ومـصـر",  # tatweel
        "zero\u200cwidth \u200fمارك\u200e",
        "الشرق-مكافحة-الإرهاب-2024 و SCO/CIS",
        "",
    ],
)
def test_every_token_indexes_the_original_text(text):
    tokens = tokenize(text)
    for token in tokens:
        assert text[token.start : token.end] == token.text
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


def test_punctuation_is_split_from_words():
    assert [t.text for t in tokenize("طشقند، أوزبكستان.")] == ["طشقند", "،", "أوزبكستان", "."]


def test_diacritics_stay_inside_their_word():
    tokens = tokenize("بِأُوزْبَكِسْتانَ اليوم")
    assert tokens[0].text == "بِأُوزْبَكِسْتانَ"
    assert (tokens[1].start, tokens[1].end) == (18, 23)


# --- the same tokens as camel_tools' simple_word_tokenize, which defines them ---------

SHARED_CORPORA = ROOT.parent / "shared" / "corpora"


def camel_tokens(text: str) -> list[str]:
    return simple_word_tokenize(text)


def our_tokens(text: str) -> list[str]:
    tokens = tokenize(text)
    assert all(text[token.start : token.end] == token.text for token in tokens)
    return [token.text for token in tokens]


EMOJI = ["👍", "👍🏽", "🇺🇸", "🇺", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "❤️", "❤", "👨‍👩‍👧", "©", "©️", "1️⃣", "#️⃣", "™", "ℹ"]
TRICKY = [
    "\u200d", "\ufe0f", "\u20e3", "\U000e0067", "\U000e007f", "🏻", "🇸", "\U0001d400",
    "\U00020000", "0", "7", "#", "*", "ـ", "\u064e", "\u0670", "ﻷ", "ﺍﻟﺼﻴﻦ", "٢٠٢٤", "٫", "%",
    "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028", " ", "\n", "\t",
]  # fmt: skip
arabic_heavy = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=8),
        st.text(alphabet=st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF), max_size=3),
        st.sampled_from(["،", ".", "؛", "؟", "!", "«", "»", '"', "(", ")", "-", "/", ":", "…"]),
        st.sampled_from(EMOJI + TRICKY),
        st.text(alphabet="0123456789", min_size=1, max_size=4),
        st.text(alphabet="abcXYZ", min_size=1, max_size=5),
        st.text(max_size=3),  # anything at all
    ),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arabic_heavy)
def test_tokens_are_camel_tools_tokens(text):
    assert our_tokens(text) == camel_tokens(text)


def interesting_characters() -> list[str]:
    """Every code point below U+10000 (surrogates aside), and past it every one the tables
    name and one in a hundred of the others."""
    found = tables()
    named = found.split | found.emoji_starts | found.emoji_continues
    return [
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and (code < 0x10000 or chr(code) in named or code % 100 == 0)
    ]


def test_white_space_is_what_re_calls_white_space():
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    assert WHITE_SPACE == frozenset(re.findall(r"\s", every))
    assert WHITE_SPACE == frozenset(filter(str.isspace, every))


def test_every_character_is_tokenised_as_camel_tools_does():
    """Each character in a few surroundings: one that splits alone, one that may begin an
    emoji, and one that goes on with one are all told apart as camel_tools does."""
    for around in ("ب{}ب ", "1{}2", "{}\ufe0f ", "{}\u200d👍 "):
        text = "".join(around.format(char) for char in interesting_characters())
        assert our_tokens(text) == camel_tokens(text), around


def test_every_listed_emoji_is_tokenised_as_camel_tools_does():
    sequences = sorted(tables().emoji_sequences)
    for text in (
        " ".join(f"ب{emoji}ب" for emoji in sequences),
        "".join(sequences),
        "x".join(emoji[:-1] for emoji in sequences),  # cut short: what is left of them
        "".join(emoji[1:] for emoji in sequences),
    ):
        assert our_tokens(text) == camel_tokens(text)


def corpus_texts() -> list[str]:
    """The seeds, and the start of the Arabic news in ../shared/corpora where it is."""
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    if SHARED_CORPORA.is_dir():
        paths += sorted(SHARED_CORPORA.glob("aqmar/articles/*.txt"))
        paths += sorted(SHARED_CORPORA.glob("anercorp/ANERCorp_CamelLab_test.txt"))
        paths += sorted(SHARED_CORPORA.glob("fane/NewsFANE_Gold_*.txt"))
    return [path.read_text(encoding="utf-8", errors="replace")[:300_000] for path in paths]


def test_corpus_tokens_are_camel_tools_tokens():
    """Real Arabic news (the seeds; ../shared/corpora where it is there)."""
    for text in corpus_texts():
        assert our_tokens(text) == camel_tokens(text)
