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
