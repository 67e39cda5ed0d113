"""Named bodies the gazetteer does not list, found by the shape of their names.

- A descriptor that belongs to the name, then a name: ``صحيفة إزفيستيا``.
- A head noun and its genitive chain, where the chain ends in a demonym
  (``الشرطة الفيدرالية الروسية``) or is followed by في or ل and a country
  (``وكالة مكافحة المخدرات في طاجيكستان``: the body is named without the country).
- A known body followed by a demonym is a national one, not the international body
  the gazetteer knows: ``مجلس الأمن الروسي`` is not the UN Security Council.

Each is proposed with ``source="rule"`` and no id: the gazetteer does not know it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .context import TokenContext
from .gazetteer import Entry
from .lexicon import (
    NAMED_BY_DESCRIPTOR,
    ORG_HEADS,
    SEPARATORS,
    STOP_WORDS,
    bare_stems,
    is_definite,
)
from .matcher import Mention, mention_of

__all__ = ["find_organisations", "nationalise_bodies"]

MAX_CHAIN = 6
SCORE_DESCRIPTOR = 0.7
SCORE_CHAIN = 0.6
SCORE_NATIONAL = 0.7
_LINKS = frozenset({"في"})


def _org(ctx: TokenContext, first: int, last: int, score: float) -> Mention:
    start, end = ctx.tokens[first].start, ctx.tokens[last].end
    return ctx.mention(first, last, Entry("", "ORG", ctx.text[start:end], ""), score)


def _is_chain_word(ctx: TokenContext, i: int) -> bool:
    key = ctx.keys[i]
    if ctx.covered[i] or key in SEPARATORS or key in _LINKS or not key[0].isalpha():
        return False
    if ctx.has(i, STOP_WORDS):
        return False
    return is_definite(key) or ctx.lexicon.is_everyday(key)


def _chain_end(ctx: TokenContext, head: int) -> int | None:
    """Return the last token of the body opened at ``head``, if its name is complete."""
    last = None
    for i in range(head + 1, min(head + 1 + MAX_CHAIN, len(ctx))):
        if not _is_chain_word(ctx, i):
            break
        last = i
        if ctx.lexicon.is_demonym(ctx.keys[i]):
            # "وكالة الأنباء الصينية شينخوا" describes the body named next; it is no name.
            named_next = i + 1 < len(ctx) and (ctx.covered[i + 1] or ctx.is_name_like(i + 1))
            return None if named_next else i
    if last is None or last + 1 >= len(ctx):
        return None
    after = last + 1
    if ctx.keys[after] in _LINKS:
        after += 1
    if after < len(ctx) and ctx.covered[after] == "COUNTRY":
        return last
    return None


def find_organisations(ctx: TokenContext) -> list[Mention]:
    """Bodies named by a descriptor and a name, or by a head noun and its chain."""
    found: list[Mention] = []
    taken = -1
    for i in range(len(ctx)):
        if i <= taken or ctx.covered[i]:
            continue
        if ctx.has(i, NAMED_BY_DESCRIPTOR) and i + 1 < len(ctx) and ctx.is_name_like(i + 1):
            last = i + ctx.name_run(i + 1)
            found.append(_org(ctx, i, last, SCORE_DESCRIPTOR))
            taken = last
        elif bare_stems(ctx.keys[i]) & ORG_HEADS:
            last = _chain_end(ctx, i)
            if last is not None:
                found.append(_org(ctx, i, last, SCORE_CHAIN))
                taken = last
    return found


def nationalise_bodies(ctx: TokenContext, mentions: Sequence[Mention]) -> list[Mention]:
    """Replace a known body followed by a demonym with the national body it names."""
    result = []
    for mention in mentions:
        last = ctx.index_at(mention.end - 1)
        following = None if last is None else last + 1
        if (
            mention.type == "ORG"
            and following is not None
            and following < len(ctx)
            and not ctx.covered[following]
            and ctx.lexicon.is_demonym(ctx.keys[following])
        ):
            end = ctx.tokens[following].end
            national = Entry("", "ORG", ctx.text[mention.start : end], "")
            result.append(
                mention_of(ctx.text, mention.start, end, national, "rule", SCORE_NATIONAL)
            )
            continue
        result.append(mention)
    return result
