"""Tokens with character offsets into the original text.

Tokens are exactly camel_tools' ``simple_word_tokenize``'s: the text is split on
white space and every punctuation mark, symbol and emoji is a token of its own. That
function returns strings only and tests each character with a regular expression in
Python; here one compiled pattern, built from camel_tools' own character sets
(:mod:`ner_cli.chartables`), finds the tokens and their offsets in one pass:

- a run of characters none of which splits is a token (a word, a number);
- a character that splits alone is a token (``،`` ``.`` ``$`` …);
- where a character that may begin an emoji sequence is followed by one that may go
  on with it (a skin tone, VS16, ZWJ, a second regional indicator …), camel_tools'
  own rule decides, with its own pattern: the sequence is a token if camel_tools
  lists it as a symbol, else that one character does not split. Such places are rare
  in news.

``tests/test_tokenize.py`` holds the tokens equal to ``simple_word_tokenize``'s.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate, repeat
from typing import NamedTuple

from .chartables import tables

__all__ = ["Token", "tokenize"]


class Token(NamedTuple):
    """A token and its span ``[start, end)`` in the original text."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens that know where they stand.

    >>> tokenize("في طشقند، أمس")
    [Token(text='في', start=0, end=2), Token(text='طشقند', start=3, end=8), \
Token(text='،', start=8, end=9), Token(text='أمس', start=10, end=13)]
    """
    if not _may_need_emoji_rule(text) or _needs_emoji_rule().search(text) is None:
        return _plain_tokens(text)
    return _tokens_with_emoji(text)


def _may_need_emoji_rule(text: str) -> bool:
    """Whether ``_needs_emoji_rule`` could find anything, asked faster than it can (a
    regular expression tried at every character): a character past U+FFFF makes UTF-16
    longer than two bytes a character, and below it only ``_continues_below()`` go on
    with a sequence. Both are questions C answers over the whole text at once."""
    if len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text):
        return True
    return any(char in text for char in _continues_below())


def _plain_tokens(text: str) -> list[Token]:
    """The tokens of a text where no emoji sequence may begin, and no character lies
    past U+FFFF (nearly every news text): each character splits alone or not at all,
    whatever stands next to it. A pattern of two classes splits the
    text into white space and tokens, in turn, and offsets add up from their lengths,
    all of it in C (no Python code runs per token, no tuple is made but the tokens)."""
    parts = _splitting_pattern().split(text)  # space, token, space, token … space
    # Where each part ends, in turn: a token's start, then its end. The same iterator is
    # read twice a token; it holds one offset more than the tokens use (the text's end).
    offsets = accumulate(map(len, parts))
    spans = zip(parts[1::2], offsets, offsets, strict=False)
    return list(map(tuple.__new__, repeat(Token), spans))


def _tokens_with_emoji(text: str) -> list[Token]:
    """The tokens of any text, a match at a time, with camel_tools' rule where an emoji
    sequence may begin (``_emoji_step``)."""
    pattern = _token_pattern()
    tokens: list[Token] = []
    append = tokens.append
    run_end = -1  # where the last run of characters that do not split ended
    position = 0
    while True:
        for match in pattern.finditer(text, position):
            kind = match.lastindex
            if kind == _RUN:
                start, end = match.span()
                if start == run_end:  # goes on with the run before an emoji that did not split
                    start = tokens.pop().start
                append(Token(text[start:end], start, end))
                run_end = end
            elif kind == _SPLIT:
                append(Token(match.group(), *match.span()))
            else:
                break
        else:
            return tokens
        position, run_end = _emoji_step(text, match.start(), tokens, run_end)


# The groups of the token pattern: which kind of token a match is.
_RUN, _SPLIT, _EMOJI = 1, 2, 3


def _emoji_step(text: str, start: int, tokens: list[Token], run_end: int) -> tuple[int, int]:
    """camel_tools' rule where an emoji sequence may begin at ``start``: the sequence its
    pattern matches is a token if it is a listed symbol; else the character at ``start``
    does not split. Returns where to go on, and where the last run now ends."""
    word_end = _space().search(text, start)
    match = _symbol_pattern().match(text, start, word_end.start() if word_end else len(text))
    if match is not None and match.group() in _symbols():
        tokens.append(Token(match.group(), start, match.end()))
        return match.end(), -1
    if start == run_end:
        run_start = tokens.pop().start
    else:
        run_start = start
    tokens.append(Token(text[run_start : start + 1], run_start, start + 1))
    return start + 1, start + 1


@cache
def _parts() -> tuple[str, str, str]:
    """Regular expressions for a run of characters that do not split, a character that
    splits alone, and a place where an emoji sequence may begin."""
    found = tables()
    starts, goes_on = found.emoji_starts, _char_class(found.emoji_continues)
    split_alone = _char_class(found.split - starts)
    split_unless_more = _char_class(found.split & starts)
    stays_unless_more = _char_class(starts - found.split)
    not_plain = found.split | starts
    # Letters below U+FFFF, the bulk of any text, in one class that ``re`` repeats fast.
    plain_basic = f"[^\\s{_ranges(_basic(not_plain))}{_escape(0x10000)}-{_escape(0x10FFFF)}]+"
    plain_astral = f"{_ASTRAL}[^{_ranges(not_plain - _basic(not_plain))}]"
    return (
        f"(?:{plain_basic}|{plain_astral}|{stays_unless_more}(?!{goes_on}))+",
        f"{split_alone}|{split_unless_more}(?!{goes_on})",
        f"{_char_class(starts)}(?={goes_on})",
    )


@cache
def _token_pattern() -> re.Pattern[str]:
    """The one pattern: each match a token, by its group's kind, or an emoji place."""
    run, split, emoji = _parts()
    return re.compile(f"({run})|({split})|({emoji})")


@cache
def _splitting_pattern() -> re.Pattern[str]:
    """The tokens of a text ``_plain_tokens`` may take, as one group, to split by: a run
    of characters that do not split, else the one character there that does (no
    splitting character is white space, so it is any other). The big class of splitting
    characters is written once: compiling it is most of the pattern's cost. White space
    goes in the same class, written out rather than as ``\\s``: one table lookup a
    character instead of two (the same characters: ``\\s`` is ``str.isspace``)."""
    chars = _basic(tables().split)
    if any(char.isspace() for char in chars):  # not so in camel_tools' tables
        split = _ranges(chars)
        return re.compile(f"([^\\s{split}]+|[{split}])")
    return re.compile(f"([^{_ranges(chars | WHITE_SPACE)}]+|\\S)")


@cache
def _needs_emoji_rule() -> re.Pattern[str]:
    """Where a text needs more than ``_plain_tokens``: a character past U+FFFF, or
    one that may begin an emoji sequence followed by one that may go on with it."""
    found = tables()
    starts, goes_on = _ranges(_basic(found.emoji_starts)), _ranges(_basic(found.emoji_continues))
    return re.compile(f"[{_escape(0x10000)}-{_escape(0x10FFFF)}]|[{starts}][{goes_on}]")


@cache
def _continues_below() -> frozenset[str]:
    """The characters up to U+FFFF that may go on with an emoji sequence (ZWJ, VS16)."""
    return _basic(tables().emoji_continues)


@cache
def _symbol_pattern():
    """camel_tools' own symbol pattern (it needs the ``regex`` module's properties)."""
    import regex

    return regex.compile(tables().symbol_pattern)


@cache
def _symbols() -> frozenset[str]:
    found = tables()
    return found.split | found.emoji_sequences


@cache
def _space() -> re.Pattern[str]:
    return re.compile(r"\s")


# What ``\\s`` matches in a ``str`` pattern: the characters ``str.isspace`` holds for
# (tests/test_tokenize.py asks it of every character; finding them here at start-up
# would cost more than tokenizing a few articles).
WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

# Ahead: a character past U+FFFF. ``re`` tests a class's ranges past U+FFFF one by one,
# so these go in classes of their own, tried only for such characters.
_ASTRAL = "(?=[\\U00010000-\\U0010ffff])"


def _char_class(chars: frozenset[str]) -> str:
    """A regular expression for one character of ``chars``."""
    basic = _basic(chars)
    astral = chars - basic
    parts = [f"[{_ranges(basic)}]"] if basic else []
    if astral:
        parts.append(f"{_ASTRAL}[{_ranges(astral)}]")
    return f"(?:{'|'.join(parts)})"


def _basic(chars: frozenset[str]) -> frozenset[str]:
    return frozenset(char for char in chars if char <= "\uffff")


def _ranges(chars: frozenset[str]) -> str:
    """``chars`` as the ranges of a character class."""
    parts = []
    codes = sorted(map(ord, chars))
    index = 0
    while index < len(codes):
        first = last = codes[index]
        while index + 1 < len(codes) and codes[index + 1] == last + 1:
            index += 1
            last = codes[index]
        parts.append(_escape(first) if first == last else f"{_escape(first)}-{_escape(last)}")
        index += 1
    return "".join(parts)


def _escape(code: int) -> str:
    return f"\\U{code:08x}"
