"""People the gazetteer does not list, and people named again by part of their name.

A name is a run of name-like tokens (see ``TokenContext.is_name_like``). It is a
person where the context says so:

- after a title: ``السيد شتوك``, ``الجنرال سيرغي كيساني``;
- at the end of a role phrase: ``المتحدث باسم الخارجية الإيرانية سعيد خطيب زادة``,
  ``رئيس وكالة مكافحة المخدرات في طاجيكستان، ظفر صمد``;
- right before a role, for names of two tokens or more: ``يوري تشيخانشين رئيس الهيئة``;
- right after a demonym, for names of two tokens or more: ``الباكستاني ظفر إقبال شيخ``.

A one-word name at the end of a role phrase must not be followed by a definite word:
``الخبير في مكافحة غسل الأموال`` is a noun and its genitive, not a name.

Once a person is named in full, a part of the name standing alone elsewhere in the
same text (``باتروشيف``, ``شوانغ``, ``شريف زاده``) is linked to the same person.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .clitics import first_token_readings
from .context import MAX_NAME_TOKENS, TokenContext
from .gazetteer import Entry
from .lexicon import (
    COMPOUND_HEADS,
    COMPOUND_TAILS,
    DEMONYM_BIT,
    OPENING_QUOTES,
    PHRASE_LINKS,
    ROLE_HEADS,
    SEPARATORS,
    STOP_WORDS,
    TITLES,
    is_definite,
)
from .matcher import Mention
from .memo import short_cache
from .normalize import normalize_key, original_prefix_length
from .tokenize import tokenize

__all__ = ["find_people", "repeat_names"]

ROLE_PHRASE_REACH = 8
SCORE_TITLE = 0.85
SCORE_ROLE = 0.75
SCORE_APPOSITION = 0.6
SCORE_REPEAT = 0.8


def _after_role_phrase(ctx: TokenContext, head: int) -> int | None:
    """Return where a name starts after the role phrase opened at ``head``, if one does.

    The phrase may run over ``ROLE_PHRASE_REACH`` words; a known body or place in it
    counts as one word however long its name, and so does a quoted short name
    (``مركز البحرين للدراسات "دراسات"``). After a comma, the name must come next.
    """
    words = 0
    i = head + 1
    keys, covered, size = ctx.keys, ctx.covered, len(ctx)
    while i < size:
        key = keys[i]
        if not (covered[i] and covered[i] == covered[i - 1]):
            words += 1
        if words > ROLE_PHRASE_REACH:
            return None
        if key in OPENING_QUOTES:
            closing = ctx.quoted(i)
            if closing is None:
                return None
            i = closing + 1  # a quoted short name, one word of the phrase
            continue
        if key in SEPARATORS:
            following = i + 1
            return following if following < size and ctx.is_name_like(following) else None
        if key in PHRASE_LINKS:
            i += 1
            continue
        if ctx.is_name_like(i):
            return i
        if ctx.has(i, STOP_WORDS) or covered[i] == "PERSON":
            return None  # the phrase ended, or its holder is already named
        if not (covered[i] or is_definite(key) or ctx.lexicon.is_everyday(key)):
            return None
        i += 1
    return None


def _followed_by_genitive(ctx: TokenContext, i: int, length: int) -> bool:
    after = i + length
    return length == 1 and after < len(ctx) and is_definite(ctx.keys[after])


def find_people(ctx: TokenContext) -> list[Mention]:
    """People named after a title, after a role phrase, or right before a role."""
    found: list[Mention] = []
    taken: set[int] = set()

    def add(i: int, score: float, min_length: int = 1) -> None:
        length = ctx.name_run(i)
        if length >= min_length and taken.isdisjoint(range(i, i + length)):
            found.append(ctx.unknown(i, i + length - 1, "PERSON", score))
            taken.update(range(i, i + length))

    roles = ctx.sheet.positions(ROLE_HEADS)
    # A name of two words or more right before a role, or right after a demonym. A name
    # has at most MAX_NAME_TOKENS words, hyphens between them, and a comma after it.
    reach = 2 * MAX_NAME_TOKENS + 2
    near = {i + 1 for i in ctx.sheet.positions_of(DEMONYM_BIT)}  # only there can one begin
    for role in roles:
        near.update(range(max(0, role - reach), role - 1))
    # ``ctx.is_name_like(i)``, asked without a call per position: only words nothing
    # covers whose spelling and vocabulary let them open a name.
    covered, words, size = ctx.covered, ctx.sheet.words, len(ctx)
    candidates = [i for i in sorted(near) if i < size and not covered[i] and words[i].starts_name]
    for title in ctx.sheet.positions(TITLES):
        if title + 1 < len(ctx) and ctx.is_name_like(title + 1):
            add(title + 1, SCORE_TITLE)
    for head in roles:
        start = _after_role_phrase(ctx, head)
        if start is not None and not _followed_by_genitive(ctx, start, ctx.name_run(start)):
            add(start, SCORE_ROLE)
    for i in candidates:
        role_soon = bisect.bisect_left(roles, i + 2) < bisect.bisect_right(roles, i + reach)
        demonym_before = i > 0 and ctx.lexicon.is_demonym(ctx.keys[i - 1])
        if not (role_soon or demonym_before) or (length := ctx.name_run(i)) < 2:
            continue
        after = i + length
        if after < len(ctx) and ctx.keys[after] in SEPARATORS:
            after += 1
        if demonym_before or ctx.has(after, ROLE_HEADS):
            add(i, SCORE_APPOSITION, min_length=2)
    return found


@short_cache(maxsize=1 << 14)
def _words(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of a name as token keys; a hyphenated word is one: ماركوارت-شولتس."""
    words: list[tuple[str, ...]] = []
    for word in text.split():
        keys = tuple(key for token in tokenize(word) if (key := normalize_key(token.text)))
        if keys:
            words.append(keys)
    return tuple(words)


def _name_parts(people: Sequence[Mention]) -> dict[tuple[str, ...], Entry]:
    """Every run of one or two words of a full name that can name its bearer alone:
    not a compound's loose half (عبد، الدين) and not a two-letter syllable; and the
    full name itself, so that it is found again whole rather than as its parts side by
    side (سلفان شالوم after وقال, with no title to find it by)."""
    parts: dict[tuple[str, ...], Entry] = {}
    for person in people:
        words = _words(person.text)
        if len(words) < 2:
            continue
        parts.setdefault(tuple(key for word in words for key in word), person.entry)
        for size in (1, 2):
            for first in range(len(words) - size + 1):
                part = words[first : first + size]
                if size == len(words) or part[0][0] in COMPOUND_TAILS:
                    continue
                if size == 1 and (len("".join(part[0])) < 3 or part[0][0] in COMPOUND_HEADS):
                    continue
                parts.setdefault(tuple(key for word in part for key in word), person.entry)
    return parts


def _could_be_part(ctx: TokenContext, i: int) -> bool:
    """A name-like token, or a family name with the article standing alone: الجناحي."""
    if ctx.is_name_like(i):
        return True
    key = ctx.keys[i]
    return (
        not ctx.covered[i]
        and is_definite(key)
        and not ctx.lexicon.is_everyday(key)
        and not ctx.lexicon.is_demonym(key)
    )


def repeat_names(ctx: TokenContext, people: Sequence[Mention]) -> list[Mention]:
    """Link a part of a full name standing alone elsewhere in the text to the person."""
    parts = _name_parts(people)
    if not parts:
        return []
    found_already = {(person.start, person.end) for person in people}
    longest = max(len(part) for part in parts)
    first_keys = frozenset(part[0] for part in parts)
    found = []
    i = 0
    for at in ctx.sheet.positions(first_keys):  # only there can a part begin
        if at < i:
            continue  # inside the part found last
        i = at
        size = 0
        if _could_be_part(ctx, i) and not ctx.is_given_name(i - 1):  # سيرغي شوانغ: another name
            for size in range(min(longest, len(ctx) - i), 0, -1):
                if ctx.is_given_name(i + size):
                    continue
                run = ctx.keys[i : i + size]
                match = next(
                    (
                        (parts[(stem, *run[1:])], proclitic)
                        for stem, proclitic in first_token_readings(run[0])
                        if (stem, *run[1:]) in parts
                    ),
                    None,
                )
                if match is not None:
                    entry, proclitic = match
                    skip = original_prefix_length(ctx.tokens[i].text, proclitic)
                    mention = ctx.mention(i, i + size - 1, entry, SCORE_REPEAT, skip)
                    if (mention.start, mention.end) not in found_already:  # not the name itself
                        found.append(mention)
                    break
            else:
                size = 0
        i += max(size, 1)
    return found
