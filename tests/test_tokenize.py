import pytest

from ner_cli.tokenize import tokenize


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
