"""Places the gazetteer does not list, named after a word that says what they are.

``قاعدة تشوريخه``, ``مدينة تيانجين``, ``إقليم بدخشان``: a place descriptor followed by
a name-like run is a place, the descriptor left out of the span as ENTITIES.md asks.
A quoted name after a descriptor is the name inside the quotes (``قاعة "كروكوس
سيتي هول"``); a dual descriptor names two places (``بلدتي باسني وأورماره``). An
indefinite adjective is no name (``بلدة حدودية``). A place found this way is a place
wherever else the same text names it alone.

A place inside the name of an event (``مهرجان القاهرة السينمائي``, ``دوري أبطال
آسيا``) is no mention at all (ENTITIES.md): ``outside_events`` leaves such places out,
whoever found them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from operator import attrgetter

from .context import TokenContext
from .lexicon import DUALS, EVENT_HEAD_FORMS, EVENT_LINKS, PLACE_DESCRIPTORS, is_nisba, stems
from .matcher import Mention
from .normalize import original_prefix_length
from .tokenize import Token

__all__ = ["find_places", "outside_events", "repeat_places"]

SCORE_DESCRIPTOR = 0.7
SCORE_REPEAT = 0.65


def _place(ctx: TokenContext, first: int, last: int, skip: int = 0) -> Mention:
    return ctx.unknown(first, last, "LOC", SCORE_DESCRIPTOR, skip)


def _named(ctx: TokenContext, i: int) -> int:
    """How many tokens of a place's name start at ``i``: a name-like run, not an adjective."""
    if i >= len(ctx) or is_nisba(ctx.keys[i]):
        return 0
    return ctx.name_run(i)


def find_places(ctx: TokenContext) -> list[Mention]:
    """Places named right after a place descriptor."""
    found = []
    done = 0  # tokens before this are already part of a place
    for descriptor in ctx.sheet.positions(PLACE_DESCRIPTORS):
        i = descriptor + 1
        if i < done or i >= len(ctx):
            continue
        closing = ctx.quoted(i)
        if closing is not None:
            found.append(_place(ctx, i + 1, closing - 1))
            done = closing + 1
            continue
        length = _named(ctx, i)
        dual = ctx.has(i - 1, DUALS)
        if dual:  # two places: the first ends where و joins the second
            length = next((n for n in range(1, length) if ctx.keys[i + n][0] == "و"), length)
        if not length:
            continue
        found.append(_place(ctx, i, i + length - 1))
        i += length
        # A dual names a second place after و: بلدتي باسني وأورماره.
        if dual and i < len(ctx) and ctx.keys[i].startswith("و"):
            second = _named(ctx, i)
            if second:
                skip = original_prefix_length(ctx.tokens[i].text, 1)
                found.append(_place(ctx, i, i + second - 1, skip))
                i += second
        done = i
    return found


def repeat_places(ctx: TokenContext, places: Sequence[Mention]) -> list[Mention]:
    """Tag again, elsewhere in the text, a one-word place the rules found."""
    known = {
        ctx.keys[i]: place.entry
        for place in places
        if place.source == "rule"
        and (i := ctx.index_at(place.start)) is not None
        and ctx.index_at(place.end - 1) == i
    }
    if not known:
        return []
    found = []
    for i in range(len(ctx)):
        if ctx.stems[i].isdisjoint(known) or not ctx.is_name_like(i) or ctx.name_run(i) != 1:
            continue
        if (place := ctx.word_as(i, known.get, SCORE_REPEAT)) is not None:
            found.append(place)
    return found


def outside_events(
    tokens: Sequence[Token],
    keys: Sequence[str],
    mentions: Sequence[Mention],
    places: Sequence[Mention] = (),
    starts: Sequence[int] | None = None,
    heads: Collection[int] | None = None,
) -> list[Mention]:
    """The mentions but the places named inside an event's name: a country or place right
    after an event's head noun (``كأس مصر``, ``ومهرجان القاهرة``), or after the head and
    one linking word (``دوري أبطال آسيا``). ``keys`` are the tokens' matching keys, one
    per token; a mention there that lies within one of ``places`` (the gazetteer's
    places, say) goes too, whatever its type: ``منتدى دافوس`` names no person either.
    ``starts`` are the tokens' start offsets, and ``heads`` the indices of the tokens
    that are an event's head (``TokenSheet.positions(EVENT_HEAD_FORMS)``), when the
    caller has them: a text with no head is then done at once."""
    if len(keys) != len(tokens):
        raise ValueError(f"{len(keys)} keys for {len(tokens)} tokens")
    if heads is not None and not heads:
        return list(mentions)
    if starts is None:
        starts = list(map(_START, tokens))  # in C: no Python code runs per token

    def is_head(i: int) -> bool:
        if heads is not None:
            return i in heads
        return i >= 0 and not stems(keys[i]).isdisjoint(EVENT_HEAD_FORMS)

    def in_event(mention: Mention) -> bool:
        i = bisect_right(starts, mention.start) - 1  # the word the mention starts in
        return is_head(i - 1) or (i >= 2 and keys[i - 1] in EVENT_LINKS and is_head(i - 2))

    def a_place(mention: Mention) -> bool:
        return (
            mention.entry.type in ("LOC", "COUNTRY")
            or bool(places)
            and any(place.start <= mention.start and mention.end <= place.end for place in places)
        )

    # in_event first: it is rarely true and cheap, where a_place compares with each place
    return [mention for mention in mentions if not (in_event(mention) and a_place(mention))]


_START = attrgetter("start")
