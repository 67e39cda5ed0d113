"""People the gazetteer does not list, and people named again by part of their name.

A name is a run of name-like tokens (see ``TokenContext.is_name_like``). It is a
person where the context says so:

- after a title: ``السيد شتوك``, ``الجنرال سيرغي كيساني``;
- at the end of a role phrase: ``المتحدث باسم الخارجية الإيرانية سعيد خطيب زادة``,
  ``رئيس وكالة مكافحة المخدرات في طاجيكستان، ظفر صمد``;
- right before a role, for names of two tokens or more: ``يوري تشيخانشين رئيس الهيئة``.

Once a person is named in full, a lone part of the name elsewhere in the same text
(``باتروشيف``, ``شوانغ``) is linked to the same person.
"""

from __future__ import annotations

from collections.abc import Sequence

from .context import TokenContext
from .gazetteer import Entry
from .lexicon import (
    COMPOUND_HEADS,
    COMPOUND_TAILS,
    PHRASE_LINKS,
    ROLE_HEADS,
    SEPARATORS,
    STOP_WORDS,
    TITLES,
    is_definite,
)
from .matcher import Mention, first_token_readings
from .normalize import normalize_key, original_prefix_length

__all__ = ["find_people", "repeat_names"]

ROLE_PHRASE_REACH = 8
SCORE_TITLE = 0.85
SCORE_ROLE = 0.75
SCORE_APPOSITION = 0.6
SCORE_REPEAT = 0.8


def _after_role_phrase(ctx: TokenContext, head: int) -> int | None:
    """Return where a name starts after the role phrase opened at ``head``, if one does."""
    for i in range(head + 1, min(head + 1 + ROLE_PHRASE_REACH, len(ctx))):
        key = ctx.keys[i]
        if key in PHRASE_LINKS:
            continue
        if ctx.is_name_like(i):
            return i
        if ctx.has(i, STOP_WORDS) or ctx.covered[i] == "PERSON":
            return None  # the phrase ended, or its holder is already named
        if not (
            ctx.covered[i] or key in SEPARATORS or is_definite(key) or ctx.lexicon.is_everyday(key)
        ):
            return None
    return None


def find_people(ctx: TokenContext) -> list[Mention]:
    """People named after a title, after a role phrase, or right before a role."""
    found: list[Mention] = []
    taken: set[int] = set()

    def add(i: int, score: float, min_length: int = 1) -> None:
        length = ctx.name_run(i)
        if length >= min_length and taken.isdisjoint(range(i, i + length)):
            surface = ctx.text[ctx.tokens[i].start : ctx.tokens[i + length - 1].end]
            found.append(ctx.mention(i, i + length - 1, Entry("", "PERSON", surface, ""), score))
            taken.update(range(i, i + length))

    for i in range(1, len(ctx)):
        if ctx.has(i - 1, TITLES):
            add(i, SCORE_TITLE)
    for head in range(len(ctx)):
        if ctx.has(head, ROLE_HEADS):
            start = _after_role_phrase(ctx, head)
            if start is not None:
                add(start, SCORE_ROLE)
    for i in range(len(ctx)):
        after = i + ctx.name_run(i)
        if after < len(ctx) and ctx.keys[after] in SEPARATORS:
            after += 1
        if after - i >= 2 and ctx.has(after, ROLE_HEADS):
            add(i, SCORE_APPOSITION, min_length=2)
    return found


def _name_parts(people: Sequence[Mention]) -> dict[str, Entry]:
    parts: dict[str, Entry] = {}
    for person in people:
        keys = [key for word in person.text.split() if (key := normalize_key(word))]
        if len(keys) < 2:
            continue
        for key in keys:
            if len(key) >= 3 and key not in COMPOUND_HEADS and key not in COMPOUND_TAILS:
                parts.setdefault(key, person.entry)
    return parts


def repeat_names(ctx: TokenContext, people: Sequence[Mention]) -> list[Mention]:
    """Link a lone part of a full name elsewhere in the text to the same person."""
    parts = _name_parts(people)
    found = []
    for i, key in enumerate(ctx.keys):
        if not ctx.is_name_like(i) or ctx.is_given_name(i - 1) or ctx.is_given_name(i + 1):
            continue  # not a name, or part of a longer, different one: سيرغي شوانغ
        for stem, proclitic in first_token_readings(key):
            if stem in parts:
                skip = original_prefix_length(ctx.tokens[i].text, proclitic)
                found.append(ctx.mention(i, i, parts[stem], SCORE_REPEAT, skip))
                break
    return found
