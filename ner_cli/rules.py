"""Context rules: what the gazetteer misses or gets wrong, fixed by looking around.

Run after gazetteer matching, in this order:

1. gazetteer forms that are also everyday words (``مالي``, ``أمين``) are kept only
   where the context supports a name (:func:`has_support`), and places inside an
   event's name (``كأس مصر``) are not kept at all (:mod:`ner_cli.places`);
2. a known body followed by a demonym becomes the national body it names
   (:mod:`ner_cli.organisations`);
3. bodies named by a descriptor or a head noun and its chain are proposed
   (:mod:`ner_cli.organisations`);
4. near misses of known one-word names (قرغزيستان) are linked to their entity
   (:mod:`ner_cli.variants`);
5. places named after a place descriptor are proposed, and found again where the
   text names them alone (:mod:`ner_cli.places`);
6. people named after titles and roles are proposed, and lone parts of a full name
   are linked to the person (:mod:`ner_cli.people`).

Every rule mention carries ``source="rule"`` and a score; none overlaps another.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import is_

from .context import TokenContext, TokenSheet
from .lexicon import DESCRIPTORS, EVENT_HEAD_FORMS, ROLE_HEADS, TITLES, Lexicon, Word
from .matcher import Mention, filter_spans
from .organisations import find_organisations, nationalise_bodies
from .people import find_people, repeat_names
from .places import find_places, outside_events, repeat_places
from .tokenize import Token
from .variants import VariantIndex, find_variants

__all__ = ["apply_rules", "has_support", "word_types"]


def word_types(ctx: TokenContext, mentions: Sequence[Mention]) -> set[tuple[int | None, str]]:
    """The word each mention starts at, with its type: what ``has_support`` asks of a
    match's neighbours, found once for all matches rather than once per match."""
    return {(ctx.index_at(mention.start), mention.type) for mention in mentions}


def has_support(
    mention: Mention,
    ctx: TokenContext,
    mentions: Sequence[Mention],
    starts: set[tuple[int | None, str]] | None = None,
) -> bool:
    """Whether a gazetteer match that is also an everyday word has a name's context.

    Such a match is one token that is everyday vocabulary (for people) or whose
    entry's note says ``common-word``. A person needs a title or role before it; a
    place or body needs a descriptor before it (تنظيم، جمهورية …) or a neighbour of
    its own type (``مالي والنيجر``). ``starts`` is ``word_types(ctx, mentions)``, when
    the caller has it.
    """
    entry = mention.entry
    if entry.type != "PERSON" and "common-word" not in entry.note:
        return True  # no everyday word, whatever its words: asked before finding them
    i = ctx.index_at(mention.start)
    if i is None or ctx.index_at(mention.end - 1) != i:
        return True
    everyday = "common-word" in entry.note or (
        entry.type == "PERSON" and ctx.lexicon.is_everyday(ctx.keys[i])
    )
    if not everyday:
        return True
    if entry.type == "PERSON":
        return ctx.has(i - 1, TITLES | ROLE_HEADS)
    if ctx.has(i - 1, DESCRIPTORS):
        return True
    # Compared by word, not by offset: a neighbour's span may start after its proclitic.
    # The mention itself starts at word i, which is not nearby.
    if starts is None:
        starts = word_types(ctx, mentions)
    return any((near, entry.type) in starts for near in (i - 2, i - 1, i + 1, i + 2))


def apply_rules(
    text: str,
    tokens: Sequence[Token],
    mentions: Sequence[Mention],
    lexicon: Lexicon,
    variants: VariantIndex | None = None,
    words: Sequence[Word] | None = None,
    sheet: TokenSheet | None = None,
) -> list[Mention]:
    """Refine gazetteer mentions with context and add what the rules find, in text order.

    ``words`` are the lexicon's ``Word`` for each token, and ``sheet`` the text's
    ``TokenSheet``, when the caller has them already.
    """
    if sheet is None:
        sheet = TokenSheet(text, tokens, lexicon, words)
    heads = set(sheet.positions(EVENT_HEAD_FORMS))
    mentions = outside_events(sheet.tokens, sheet.keys, mentions, starts=sheet.starts, heads=heads)
    ctx = TokenContext(sheet, mentions)
    # Only a place or body that is an everyday word asks its neighbours' types.
    common = any("common-word" in mention.entry.note for mention in mentions)
    starts = word_types(ctx, mentions) if common else None
    kept, set_aside = [], []
    for mention in mentions:
        entry = mention.entry
        if entry.type != "PERSON" and "common-word" not in entry.note:
            kept.append(mention)  # no everyday word: has_support's first answer, without a call
        else:
            (kept if has_support(mention, ctx, mentions, starts) else set_aside).append(mention)

    # The marks of the mentions the context was made from, kept while those stay the same
    # (nothing set aside, no body nationalised, none found): the same marks again.
    marked: Sequence[Mention] = mentions
    if set_aside:
        ctx, marked = TokenContext(sheet, kept, set_aside), kept

    def context_of(found: Sequence[Mention]) -> TokenContext:
        nonlocal marked
        if not _same_mentions(found, marked):
            marked = found
            return TokenContext(sheet, found, set_aside)
        return ctx

    kept = nationalise_bodies(ctx, kept)
    ctx = context_of(kept)
    # A body's name may hold a known place (معهد شنغهاي للدراسات الدولية): the longer wins.
    kept = filter_spans([*kept, *find_organisations(ctx)])
    ctx = context_of(kept)

    def add(found: list[Mention]) -> None:
        kept.extend(found)
        ctx.cover(found)

    if variants is not None:
        add(find_variants(ctx, variants))
    add(find_places(ctx))
    add(repeat_places(ctx, [m for m in kept if m.entry.type == "LOC"]))
    add(find_people(ctx))
    add(repeat_names(ctx, [m for m in kept if m.entry.type == "PERSON"]))
    return filter_spans(kept)


def _same_mentions(found: Sequence[Mention], marked: Sequence[Mention]) -> bool:
    """Whether two lists hold the same mentions in the same order: a context made from
    one has the marks of the other."""
    return len(found) == len(marked) and all(map(is_, found, marked))
