"""Property tests: any text at all, and the tagger neither fails nor loses an offset."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ner_cli.normalize import normalize_key
from ner_cli.records import build_records
from ner_cli.tokenize import tokenize

NAMES = [
    "أوزبكستان",
    "منظمة شنغهاي للتعاون",
    "الأمم المتحدة",
    "طشقند",
    "شوكت ميرضيائيف",
    "بوتين",
    "قرغيزستان",
    "السيد فلاديمير فورونكوف",
    "رئيس طاجيكستان",
]
PIECES = [
    "و",
    "ب",
    "ل",
    "لل",
    "ف",
    "ك",
    "ال",
    " ",
    "\n",
    "،",
    ".",
    "-",
    '"',
    "«",
    "ـ",
    "\u064e",
    "\u0651",
    "\u200c",
    "\u200f",
    "\ufeff",
    "ﻻ",
    "ﺍﻟﺼﻴﻦ",
    "٢٠٢٤",
    "SCO",
    "\u0654",
]
arabic_text = st.lists(
    st.one_of(
        st.sampled_from(NAMES),
        st.sampled_from(PIECES),
        st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), max_size=6),
        st.text(max_size=4),  # anything at all, surrogates aside
    ),
    max_size=40,
).map("".join)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(arabic_text)
def test_tokens_index_the_text(text):
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


@SETTINGS
@given(arabic_text)
def test_every_mention_indexes_the_text_exactly(tagger, text):
    mentions = tagger(text)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert normalize_key(mention.text[0])  # never starts on a diacritic or a mark
    spans = sorted((m.start, m.end) for m in mentions)
    assert all(
        end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False)
    )
    for record in build_records("doc", text, mentions):
        assert text[record["start"] : record["end"]] == record["text"]


@SETTINGS
@given(arabic_text)
def test_tagging_is_deterministic(tagger, text):
    assert tagger(text) == tagger(text)
