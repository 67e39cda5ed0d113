"""Tokens with character offsets into the original text.

camel_tools' ``simple_word_tokenize`` splits on whitespace and separates every
punctuation mark and symbol, but it returns strings only. Its tokens are exact
substrings of the input, in order, so each one is found again with ``str.find``
from the end of the previous one: offsets stay exact whatever the text holds
(diacritics, tatweel, zero-width characters, odd spacing).
"""

from __future__ import annotations

from typing import NamedTuple

from camel_tools.tokenizers.word import simple_word_tokenize

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
    tokens: list[Token] = []
    cursor = 0
    for piece in simple_word_tokenize(text):
        start = text.find(piece, cursor)
        if start < 0:  # cannot happen unless the tokenizer changes its contract
            raise ValueError(f"token {piece!r} not found in text after offset {cursor}")
        cursor = start + len(piece)
        tokens.append(Token(piece, start, cursor))
    return tokens
