"""Places the gazetteer does not list, named after a word that says what they are.

``قاعدة تشوريخه``, ``مدينة تيانجين``, ``إقليم بدخشان``: a place descriptor followed by
a name-like run is a place, the descriptor left out of the span as ENTITIES.md asks.
A place found this way is a place wherever else the same text names it alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from .context import TokenContext
from .gazetteer import Entry
from .lexicon import keys_of
from .matcher import Mention, first_token_readings
from .normalize import original_prefix_length

__all__ = ["find_places", "repeat_places"]

PLACE_DESCRIPTORS = keys_of(
    "مدينة", "بلدة", "قرية", "قاعدة", "إقليم", "ولاية", "محافظة", "مقاطعة", "جزيرة",
    "ميناء", "مطار", "منطقة", "ضاحية", "حي", "وادي", "جبل", "جبال", "نهر", "بحيرة",
    "العاصمة", "مدن", "قرى",
)  # fmt: skip
SCORE_DESCRIPTOR = 0.7
SCORE_REPEAT = 0.65


def find_places(ctx: TokenContext) -> list[Mention]:
    """Places named right after a place descriptor."""
    found = []
    i = 1
    while i < len(ctx):
        if ctx.has(i - 1, PLACE_DESCRIPTORS) and (length := ctx.name_run(i)):
            last = i + length - 1
            surface = ctx.text[ctx.tokens[i].start : ctx.tokens[last].end]
            found.append(ctx.mention(i, last, Entry("", "LOC", surface, ""), SCORE_DESCRIPTOR))
            i = last + 1
        else:
            i += 1
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
    found = []
    for i, key in enumerate(ctx.keys):
        if not ctx.is_name_like(i) or ctx.name_run(i) != 1:
            continue
        for stem, proclitic in first_token_readings(key):
            if stem in known:
                skip = original_prefix_length(ctx.tokens[i].text, proclitic)
                found.append(ctx.mention(i, i, known[stem], SCORE_REPEAT, skip))
                break
    return found
