"""Records: one flat row per mention, with where it stands and what surrounds it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .sentences import sentence_starts

if TYPE_CHECKING:  # the writers use this module without tagging anything
    from .matcher import Mention

__all__ = ["FIELDS", "DEFAULT_CONTEXT_WIDTH", "build_records", "one_line", "surrounding"]

FIELDS = (
    "doc",
    "start",
    "end",
    "text",
    "type",
    "id",
    "name_ar",
    "name_en",
    "line",
    "sentence",
    "context",
    "source",
    "score",
    "title",
)
DEFAULT_CONTEXT_WIDTH = 40

_WHITESPACE_RUN = re.compile(r"\s+")


def one_line(snippet: str, keep_edges: bool = False) -> str:
    """Fold whitespace so a snippet fits on one line; trim it unless it is a piece of a
    longer line (``keep_edges``)."""
    if snippet.isprintable() and "  " not in snippet:
        return snippet if keep_edges else snippet.strip()  # single spaces: nothing to fold
    if not keep_edges:  # folded and trimmed at once: str.split's white space is \s's
        return " ".join(snippet.split())
    return _WHITESPACE_RUN.sub(" ", snippet)


def surrounding(
    text: str, start: int, end: int, width: int, before: str = "", after: str = ""
) -> str:
    """``text[start:end]`` with ``width`` characters either side, where there are any;
    ``before`` and ``after`` are what comes before and after ``text`` in its document,
    when it is a piece of one, so that near the piece's edges the context is the
    document's.

    >>> surrounding("ج د", 0, 1, 2, before="أ ب "), surrounding("ج د", 0, 1, 2)
    ('ب ج د', 'ج د')
    """
    left = text[max(0, start - width) : start]
    if start < width:
        left = before[max(0, len(before) - (width - start)) :] + left
    right = text[end : end + width]
    if len(text) - end < width:
        right += after[: width - max(0, len(text) - end)]
    return left + text[start:end] + right


def build_records(
    doc: str,
    text: str,
    mentions: Iterable[Mention],
    context_width: int = DEFAULT_CONTEXT_WIDTH,
    offset: int = 0,
    first_line: int = 1,
    title: str = "",
    before: str = "",
    after: str = "",
    first_sentence: int = 1,
) -> list[dict]:
    """Return one record per mention.

    ``line`` and ``sentence`` (:mod:`ner_cli.sentences`) are 1-based; ``context`` is
    the mention with about ``context_width`` characters either side, whitespace folded
    so it fits on one line. When ``text`` is a piece of a larger document starting at
    character ``offset``, line ``first_line`` and sentence ``first_sentence``, offsets,
    lines and sentences are given in the whole document, and ``before`` and ``after``
    (the document's text around the piece) complete the contexts at the piece's edges.
    ``title`` is the document's title (HTML pages), empty otherwise.
    """
    mentions = list(mentions)
    if not mentions:
        return []  # no sentence needs finding
    sentences = sentence_starts(text)
    sentence_at, count_lines = bisect.bisect_right, text.count
    records = []
    # Lines are counted as the mentions come, in text order, from the last one on.
    line, counted = first_line, 0
    for mention in mentions:
        entry, start, end = mention.entry, mention.start, mention.end
        if start < counted:  # out of order: count from the start again
            line, counted = first_line, 0
        line += count_lines("\n", counted, start)
        counted = start
        if 0 <= context_width <= start and end + context_width <= len(text):
            context = text[start - context_width : end + context_width]  # inside the text
        else:
            context = surrounding(text, start, end, context_width, before, after)
        if context.isprintable() and "  " not in context:
            context = context.strip()  # one_line's answer, without a call: nothing to fold
        else:
            context = one_line(context)
        records.append(
            {
                "doc": doc,
                "start": offset + start,
                "end": offset + end,
                "text": mention.text,
                "type": entry.type,
                "id": entry.id,
                "name_ar": entry.name_ar,
                "name_en": entry.name_en,
                "line": line,
                "sentence": first_sentence - 1 + sentence_at(sentences, start),
                "context": context,
                "source": mention.source,
                "score": mention.score,
                "title": title,
            }
        )
    return records
