"""What the rules know of a token's place: the first or the last of its line."""

from ner_cli.context import TokenContext, TokenSheet
from ner_cli.lexicon import Lexicon
from ner_cli.tokenize import tokenize


def context_of(text: str) -> TokenContext:
    return TokenContext(TokenSheet(text, tokenize(text), Lexicon.default()), [])


def test_tokens_that_open_and_close_their_lines():
    ctx = context_of("  أمس\n\t طشقند موسكو  \nبكين، باريس")
    firsts = [ctx.starts_line(i) for i in range(len(ctx))]
    lasts = [ctx.line_ends_after(i) for i in range(len(ctx))]
    assert firsts == [True, True, False, True, False, False]
    assert lasts == [True, False, True, False, False, True]


def test_a_line_as_long_as_the_text_is_read_only_around_the_token():
    # Case 3 of "Safe on a real archive": with no line end, each question read the whole
    # line, the square of its length over a one-line file. The answers stay the same.
    ctx = context_of("كلمة " * 100_000)
    assert ctx.starts_line(0) and not ctx.starts_line(len(ctx) - 1)
    assert ctx.line_ends_after(len(ctx) - 1) and not ctx.line_ends_after(0)


def test_positions_are_those_a_word_by_word_scan_finds():
    """The rules look only at the words that can set them off; those are found per
    distinct word, and must be exactly where a scan of every word finds them."""
    from ner_cli.lexicon import DEMONYM_BIT, ROLE_HEADS, TITLES, demonyms_of, stems
    from ner_cli.tagger import Tagger

    entries = Tagger(rules=False, model=False).index.entries
    base = Lexicon.default()
    lexicon = Lexicon(base.common, base.given, demonyms_of(entries))
    text = "قال الرئيس الروسي، ووزير الخارجية الأوزبكي والسيد بوتين ـ والرئيس الصيني: الروسية"
    sheet = TokenSheet(text, tokenize(text), lexicon)
    for words in (TITLES, ROLE_HEADS, frozenset({"بوتين", "صيني"})):
        scanned = [i for i, key in enumerate(sheet.keys) if not stems(key).isdisjoint(words)]
        assert sheet.positions(words) == scanned and scanned
    demonyms = [i for i, key in enumerate(sheet.keys) if lexicon.is_demonym(key)]
    assert sheet.positions_of(DEMONYM_BIT) == demonyms and len(demonyms) == 4
    long = [i for i, key in enumerate(sheet.keys) if len(key) > 5]
    assert sheet.positions_where(lambda key: len(key) > 5) == long
